"""A background ticker for `nuanxin run`: flush finder counts, count today's and yesterday's
report places and station visits into cells. In production run `nuanxin collect_demand`
from cron instead; both are idempotent (a day's report and visit rows are replaced)."""

from __future__ import annotations

import threading
from datetime import timedelta

from nuanxin.kernel.ticker import start_ticker


def run_once() -> None:
    from nuanxin.planning.services import collect_day, flush_finder_counts, shanghai_day

    flush_finder_counts()
    today = shanghai_day()
    for day in (today - timedelta(days=1), today):
        collect_day(day=day)


def start_background_ticker(interval_seconds: float = 300) -> threading.Event:
    return start_ticker("planning-demand", interval_seconds, run_once)
