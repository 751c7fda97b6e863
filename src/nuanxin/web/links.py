"""Tiles on the home page; each app may add its own via `HOME_LINKS` in its `urls.py`.

A link is {"url", "label", "order"}; tiles show by "order" (what a rider needs most first).
"""

from __future__ import annotations

from functools import cache

from nuanxin.kernel.plugins import app_modules


@cache
def home_links() -> tuple[dict[str, str], ...]:
    """Collected once per process: the set of apps does not change while it runs."""
    links: list[dict[str, str]] = []
    for _, module in app_modules("urls"):
        links.extend(getattr(module, "HOME_LINKS", []))
    return tuple(sorted(links, key=lambda link: int(link.get("order", 100))))
