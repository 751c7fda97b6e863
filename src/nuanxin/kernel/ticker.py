"""A periodic job on a daemon thread, for single-process `nuanxin run`.

Production runs the same jobs from cron or a worker via their idempotent commands; each job
must therefore be safe to run twice at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections, connection

log = logging.getLogger("nuanxin.ticker")
_running: dict[str, threading.Event] = {}
_guard = threading.Lock()


def start_ticker(name: str, interval_seconds: float, job: Callable[[], object]) -> threading.Event:
    """Run `job` now and every `interval_seconds` (once per process and name).

    Set the returned event to stop it.
    """
    with _guard:
        if name in _running:
            return _running[name]
        stop = _running[name] = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            close_old_connections()
            try:
                job()
            except Exception:
                log.exception("定时任务 %s 失败", name)
            connection.close()  # the thread's own connection; don't hold it while idle
            stop.wait(interval_seconds)

    threading.Thread(target=loop, name=f"nuanxin-{name}", daemon=True).start()
    return stop
