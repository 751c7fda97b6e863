"""Limits on sending SMS codes: per phone, per network address and for the whole service.

The counters live in the `limits` cache: Redis when REDIS_URL is set, else a database table
(`nuanxin_limits`, made by `createcachetable`), so every app process sees the same counts
(the default in-process cache would give each process its own). Per phone the counts do not
depend on whether the phone is registered, so a 429 reveals nothing about registration.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from nuanxin.kernel.errors import TooManyRequests


@dataclass(frozen=True)
class Window:
    scope: str  # "phone", "address", "all"
    limit: int
    seconds: int
    message: str


def windows() -> list[Window]:
    s = settings
    return [
        Window("phone", 1, s.NUANXIN_SMS_RESEND_SECONDS, "验证码发送太频繁，请稍后再试"),
        Window("phone", s.NUANXIN_SMS_DAILY_LIMIT, 86400, "今日验证码次数已用完，请明天再试"),
        Window("address", s.NUANXIN_SMS_PER_ADDRESS_PER_HOUR, 3600,
               "当前网络发送验证码太频繁，请稍后再试"),
        Window("all", s.NUANXIN_SMS_GLOBAL_PER_MINUTE, 60, "验证码发送繁忙，请稍后再试"),
    ]


def _key(scope: str, who: str, w: Window, now: float) -> tuple[str, int]:
    bucket = int(now // w.seconds)
    token = hashlib.sha256(who.encode()).hexdigest()[:32]  # no phone or address in the cache
    return f"sms:{scope}:{w.limit}:{w.seconds}:{token}:{bucket}", int((bucket + 1) * w.seconds - now)


def take_sms_slot(*, phone_digest: str, address: str) -> None:
    """Count one send against every window, or raise 429 (with Retry-After) and count none."""
    cache = caches["limits"]
    now = time.time()
    who = {"phone": phone_digest, "address": address, "all": "all"}
    taken: list[str] = []
    for w in windows():
        if w.scope == "address" and not address:
            continue
        key, left = _key(w.scope, who[w.scope], w, now)
        cache.add(key, 0, w.seconds + 5)
        try:
            n = cache.incr(key)
        except ValueError:
            cache.set(key, 1, w.seconds + 5)
            n = 1
        taken.append(key)
        if n > w.limit:
            for k in taken:  # a refused request uses no place
                with contextlib.suppress(ValueError):
                    cache.decr(k)
            raise TooManyRequests(w.message, retry_after=left, field="phone")
