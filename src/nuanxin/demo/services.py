"""Build the whole Heze demo picture from a seed: every step, in order, in one go."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from typing import TextIO

from django.utils import timezone

from nuanxin.demo.steps import discover_steps
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.regions.models import Region

DEFAULT_SEED = 20240613  # the day Shan county handed over its access bikes


def database_is_empty() -> bool:
    return not Region.objects.exists()


def build_demo(*, seed: int = DEFAULT_SEED, now: datetime | None = None,
               out: TextIO | None = None, quiet: bool = False) -> DemoContext:
    """Run every app's demo step. Deterministic for a seed and a clock."""
    ctx = DemoContext(seed=seed, now=now or timezone.now(), out=out or sys.stdout, quiet=quiet)
    started = time.monotonic()
    for step in discover_steps():
        t0 = time.monotonic()
        step.build(ctx)
        ctx.say(f"  ✓ {step.name}（{time.monotonic() - t0:.1f} 秒）")
    ctx.say(f"演示数据生成完毕，用时 {time.monotonic() - started:.1f} 秒")
    return ctx
