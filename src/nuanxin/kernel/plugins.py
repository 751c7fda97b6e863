"""How apps plug themselves in: an installed `nuanxin.*` app's optional module by name.

Used for `api` (routers), `urls` (pages, home tiles), `demo` (demo steps) and `figures`
(the department's figures), so there is no central list to edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """(app config, `<app>.<name>` module) for every nuanxin app that has one, in app order."""
    for config in apps.get_app_configs():
        module_name = f"{config.name}.{name}"
        if config.name.startswith("nuanxin.") and find_spec(module_name) is not None:
            yield config, import_module(module_name)
