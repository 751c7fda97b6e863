"""Scheduled jobs inside `nuanxin run`: each app's `scheduler.start_background_ticker`.

In production the same jobs run from cron or a worker through their idempotent commands
(e.g. `nuanxin escalate`); this is the single-process convenience for `make run`.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def start_tickers(*, interval_seconds: int) -> list[str]:
    started = []
    for config in apps.get_app_configs():
        name = f"{config.name}.scheduler"
        if not config.name.startswith("nuanxin.") or find_spec(name) is None:
            continue
        start = getattr(import_module(name), "start_background_ticker", None)
        if start is not None:
            start(interval_seconds)
            started.append(str(config.verbose_name))
    return started
