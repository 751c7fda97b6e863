"""Tiles on the home page; each app may add its own via `HOME_LINKS` in its `urls.py`.

A link is {"url", "label", "order"}; tiles show by "order" (what a rider needs most first).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def home_links() -> tuple[dict[str, str], ...]:
    """Collected once per process: the set of apps does not change while it runs."""
    links: list[dict[str, str]] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.urls"
        if config.name.startswith("nuanxin.") and find_spec(name) is not None:
            links.extend(getattr(import_module(name), "HOME_LINKS", []))
    return tuple(sorted(links, key=lambda link: int(link.get("order", 100))))
