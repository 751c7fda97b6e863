"""Redis as the cache, with the database cache taking over while Redis is down.

Pages, the API, rate limits and throttles keep working when Redis stops: every call that
fails to reach Redis is answered by the `fallback` cache (Django's DatabaseCache, shared
by every process, so limits still hold), and Redis is not asked again for a few seconds,
so a dead Redis costs one short timeout, not one per call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("nuanxin.cache")
T = TypeVar("T")
RETRY_AFTER_SECONDS = 5.0


class FailoverRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._fallback_alias = str(params.get("OPTIONS", {}).pop("FALLBACK", "fallback"))
        self._down_until = 0.0

    @property
    def fallback(self) -> BaseCache:
        return caches[self._fallback_alias]

    def _try(self, name: str, call: Callable[[], T], *args: Any, **kwargs: Any) -> T:
        if time.monotonic() >= self._down_until:
            try:
                return call()
            except Exception as e:  # redis.ConnectionError, TimeoutError, ...
                if type(e).__module__.split(".")[0] != "redis":
                    raise
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                log.warning("Redis unavailable (%s): the database cache takes over",
                            type(e).__name__)
        result: T = getattr(self.fallback, name)(*args, **kwargs)
        return result

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._try("get", lambda: super(FailoverRedisCache, self).get(key, default, version),
                         key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> None:
        self._try("set", lambda: super(FailoverRedisCache, self).set(key, value, timeout, version),
                  key, value, timeout, version)

    def add(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> bool:
        return self._try("add",
                         lambda: super(FailoverRedisCache, self).add(key, value, timeout, version),
                         key, value, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._try("incr", lambda: super(FailoverRedisCache, self).incr(key, delta, version),
                         key, delta, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._try("delete", lambda: super(FailoverRedisCache, self).delete(key, version),
                         key, version)

    def touch(self, key: Any, timeout: Any = 300, version: int | None = None) -> bool:
        return self._try("touch",
                         lambda: super(FailoverRedisCache, self).touch(key, timeout, version),
                         key, timeout, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._try("has_key", lambda: super(FailoverRedisCache, self).has_key(key, version),
                         key, version)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._try("get_many", lambda: super(FailoverRedisCache, self).get_many(keys, version),
                         keys, version)

    def set_many(self, data: Any, timeout: Any = 300, version: int | None = None) -> list[Any]:
        return self._try("set_many",
                         lambda: super(FailoverRedisCache, self).set_many(data, timeout, version),
                         data, timeout, version)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._try("delete_many", lambda: super(FailoverRedisCache, self).delete_many(keys, version),
                  keys, version)

    def clear(self) -> None:
        self._try("clear", lambda: super(FailoverRedisCache, self).clear())
