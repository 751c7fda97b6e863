"""In `nuanxin run`: roll up the figures' daily totals every hour (see rollups.py)."""

from __future__ import annotations

import threading

from nuanxin.dashboard.rollups import refresh_all
from nuanxin.kernel.ticker import start_ticker


def start_background_ticker(interval_seconds: float = 3600) -> threading.Event:
    return start_ticker("figures-rollup", interval_seconds, refresh_all)
