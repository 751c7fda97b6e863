"""How many snap reports one account or one network address may send per hour."""

from __future__ import annotations

import contextlib

from django.core.cache import cache
from django.utils import timezone

from nuanxin.kernel.ratelimit import RateLimited

PER_USER_PER_HOUR = 10
PER_ADDRESS_PER_HOUR = 30


def _bucket(key: str, window_s: int) -> str:
    return f"rl:{key}:{int(timezone.now().timestamp() // window_s)}"


def _take(k: str, window_s: int) -> int:
    cache.add(k, 0, window_s + 5)
    try:
        return int(cache.incr(k))
    except ValueError:  # evicted between add and incr
        cache.set(k, 1, window_s + 5)
        return 1


class SubmissionSlot:
    """One report's place in the hourly limits, held while it is written.

    Taken after the report's INSERT, inside its transaction: concurrent retries of one
    Idempotency-Key wait on that row and never take a place. A refusal or a failure gives
    the place back (`release`), so only reports actually created count. Atomic counters
    (INCR/DECR) keep this exact across processes.
    """

    def __init__(self, user_id: int, address: str) -> None:
        self.keys: list[str] = []
        limits = [(f"report:user:{user_id}", PER_USER_PER_HOUR,
                   "提交太频繁：每人每小时最多提交10条随手拍，请稍后再试")]
        if address:
            limits.append((f"report:ip:{address}", PER_ADDRESS_PER_HOUR,
                           "提交太频繁：同一网络每小时最多提交30条，请稍后再试"))
        for key, limit, message in limits:
            k = _bucket(key, 3600)
            self.keys.append(k)
            if _take(k, 3600) > limit:
                self.release()
                raise RateLimited(message)

    def release(self) -> None:
        for k in self.keys:
            with contextlib.suppress(ValueError):  # the window ended: nothing to give back
                cache.decr(k)
        self.keys = []
