"""Fixed-window counters in the cache (Redis in production, local memory in development)."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from nuanxin.kernel.errors import DomainError


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
