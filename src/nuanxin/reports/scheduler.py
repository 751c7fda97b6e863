"""A background ticker for `nuanxin run`: the escalation job every `interval_seconds`.

In production run `nuanxin escalate` from cron (or huey) instead; both are idempotent.
"""

from __future__ import annotations

import logging
import threading

from nuanxin.kernel.ticker import start_ticker

log = logging.getLogger("nuanxin.reports")


def run_once() -> None:
    from nuanxin.reports.escalation import tick

    result = tick()
    if result.escalated or result.warned or result.closed:
        log.info("随手拍定时任务：预警%s条，升级%s条，自动办结%s条",
                 result.warned, result.escalated, result.closed)


def start_background_ticker(interval_seconds: float = 300) -> threading.Event:
    """Start the escalation ticker once per process; set the returned event to stop it."""
    return start_ticker("escalation", interval_seconds, run_once)
