"""Fixed-window counters in the cache (Redis in production, local memory in development)."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from nuanxin.kernel.errors import DomainError

PER_USER_PER_HOUR = 10
PER_ADDRESS_PER_HOUR = 30


class RateLimited(DomainError):
    status_code = 429

    def __init__(self, message: str) -> None:
        super().__init__(message, field="rate", code="rate_limited")


def hit(key: str, limit: int, window_s: int) -> bool:
    """Count one hit; True when the window's count now exceeds `limit`."""
    bucket = int(timezone.now().timestamp() // window_s)
    k = f"rl:{key}:{bucket}"
    cache.add(k, 0, window_s + 5)
    try:
        n = cache.incr(k)
    except ValueError:  # evicted between add and incr
        cache.set(k, 1, window_s + 5)
        n = 1
    return n > limit


def check_submission(user_id: int, address: str) -> None:
    """Refuse a burst of reports from one account or one network address."""
    if hit(f"report:user:{user_id}", PER_USER_PER_HOUR, 3600):
        raise RateLimited("提交太频繁：每人每小时最多提交10条随手拍，请稍后再试")
    if address and hit(f"report:ip:{address}", PER_ADDRESS_PER_HOUR, 3600):
        raise RateLimited("提交太频繁：同一网络每小时最多提交30条，请稍后再试")
