"""Scheduled jobs inside `nuanxin run`: each app's `scheduler.start_background_ticker`.

In production the same jobs run from cron or a worker through their idempotent commands
(e.g. `nuanxin escalate`); this is the single-process convenience for `make run`.
"""

from __future__ import annotations

from nuanxin.kernel.plugins import app_modules


def start_tickers(*, interval_seconds: int) -> list[str]:
    started = []
    for config, module in app_modules("scheduler"):
        start = getattr(module, "start_background_ticker", None)
        if start is not None:
            start(interval_seconds)
            started.append(str(config.verbose_name))
    return started
