"""Discovery of demo steps: every nuanxin app's `demo.py` with ORDER and build(ctx)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from nuanxin.demo.context import DemoContext


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    build: Callable[[DemoContext], None]


def discover_steps() -> list[Step]:
    steps = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if not config.name.startswith("nuanxin.") or find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        if hasattr(module, "build"):
            steps.append(Step(getattr(module, "ORDER", 100), config.label, module.build))
    return sorted(steps, key=lambda s: (s.order, s.name))
