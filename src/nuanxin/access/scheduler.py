"""A background ticker for `nuanxin run`: overdue bikes flagged and riders reminded, pass
keys rotated. In production run `nuanxin access_tick` from cron instead; both idempotent."""

from __future__ import annotations

import logging
import threading

from nuanxin.kernel.ticker import start_ticker

log = logging.getLogger("nuanxin.access")


def run_once() -> dict[str, int]:
    from nuanxin.access.bike_services import flag_overdue
    from nuanxin.access.keys import rotate_keys

    result = rotate_keys() | {"overdue": flag_overdue()}
    if any(result.values()):
        log.info("小区通行定时任务：新密钥%s把，停用密钥%s把，超时车辆%s辆",
                 result["made"], result["retired"], result["overdue"])
    return result


def start_background_ticker(interval_seconds: float = 300) -> threading.Event:
    return start_ticker("access", interval_seconds, run_once)
