"""The thread harness for concurrency proofs: release many tasks at once, collect outcomes.

Use it from a `postgres_only` test marked `django_db(transaction=True)`: each thread opens its
own connection, which is closed when its task ends so the test database can be dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection

from nuanxin.kernel.errors import DomainError


def run_together(tasks: Sequence[Callable[[], Any]], threads: int = 24) -> list[Any]:
    """Run `tasks` from `threads` threads, all released by one signal, in submission order.

    Each entry of the result is the task's return value, or the `DomainError` it raised (a
    refusal is an expected outcome under contention). Any other exception propagates.
    """
    go = threading.Event()

    def run(task: Callable[[], Any]) -> Any:
        go.wait()
        try:
            return task()
        except DomainError as e:
            return e
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(run, t) for t in tasks]
        go.set()
        return [f.result() for f in futures]
