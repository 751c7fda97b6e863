"""In `nuanxin run`: expire overdue redemption codes, giving back points and stock.

Elsewhere run `nuanxin expire_redemptions` from cron; it is idempotent.
"""

from __future__ import annotations

import threading

from nuanxin.kernel.ticker import start_ticker
from nuanxin.points.redemptions import expire_due


def start_background_ticker(interval_seconds: float = 60) -> threading.Event:
    return start_ticker("redemption-expiry", interval_seconds, expire_due)
