"""Listeners for the finder: a higher layer (planning) registers here, so stations never
imports it. A listener gets the point asked about and the request, must be cheap, and can
never break the finder (its errors are logged and swallowed)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("nuanxin.stations")

FinderListener = Callable[..., None]
_finder: list[FinderListener] = []


def on_finder_query(listener: FinderListener) -> None:
    """Register `listener(lng=, lat=, request=)`; registering twice keeps one."""
    if listener not in _finder:
        _finder.append(listener)


def finder_queried(*, lng: float, lat: float, request: Any) -> None:
    for listener in _finder:
        try:
            listener(lng=lng, lat=lat, request=request)
        except Exception:  # a listener must never break the rider's search
            log.exception("finder listener failed")
