"""Station fixtures: a fresh index per test and a quick station maker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nuanxin.regions.models import Region
from nuanxin.stations import index
from nuanxin.stations.models import Station
from nuanxin.stations.services import StationData, create_station

EVERY_DAY = {"weekly": [{"days": [1, 2, 3, 4, 5, 6, 7], "open": "08:00", "close": "20:00"}]}


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """Each test's database starts again; so must the process's index (and the cache)."""
    from django.core.cache import cache

    cache.clear()
    index.reset()
    yield
    index.reset()


@pytest.fixture
def make_station(regions: dict[str, Region]) -> Callable[..., Station]:
    def make(name: str, lng: float, lat: float, *, kind: str = "warm_station",
             region: str = "371702001001", services: dict[str, str] | list[str] | None = None,
             hours: dict[str, Any] | None = None, operator: Any = None, address: str = "",
             phone: str = "0530-5550000") -> Station:
        svc = services if isinstance(services, dict) else {c: "" for c in services or []}
        return create_station(StationData(
            name=name, kind=kind, address=address or f"{name}门口", region=regions[region],
            lng=lng, lat=lat, phone=phone, hours=EVERY_DAY if hours is None else hours,
            services=svc, operator=operator), by=None)

    return make
