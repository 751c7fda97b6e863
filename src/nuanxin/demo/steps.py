"""Discovery of demo steps: every nuanxin app's `demo.py` with ORDER and build(ctx)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nuanxin.kernel.demo_context import DemoContext
from nuanxin.kernel.plugins import app_modules


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    build: Callable[[DemoContext], None]


def discover_steps() -> list[Step]:
    steps = []
    for config, module in app_modules("demo"):
        if hasattr(module, "build"):
            steps.append(Step(getattr(module, "ORDER", 100), config.label, module.build))
    return sorted(steps, key=lambda s: (s.order, s.name))
