"""Where a point lies: the places selector when it is there, else the nearest region.

`nuanxin.regions.selectors.locate` (containment in boundaries) is being added in
parallel; until it lands, and for points it cannot place, fall back to the nearest
village (within 3 km), else the nearest township (within 30 km).
"""

from __future__ import annotations

import math
from typing import Any

from nuanxin.kernel.errors import DomainError
from nuanxin.regions import selectors as region_selectors
from nuanxin.regions.geo import haversine_m
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

FALLBACKS = ((Level.VILLAGE, 3_000.0), (Level.TOWNSHIP, 30_000.0))


def _nearest(level: str, lng: float, lat: float, max_m: float) -> Region | None:
    dlat = max_m / 111_000
    dlng = max_m / (111_000 * max(math.cos(math.radians(lat)), 0.1))
    qs = Region.objects.filter(level=level, lng__gte=lng - dlng, lng__lte=lng + dlng,
                               lat__gte=lat - dlat, lat__lte=lat + dlat)
    found = [(haversine_m(lng, lat, r.lng or 0, r.lat or 0), r) for r in qs[:500]]
    found = [f for f in found if f[0] <= max_m]
    return min(found, key=lambda f: f[0])[1] if found else None


def locate(lng: float, lat: float, *, field: str = "location") -> Region:
    """The most precise region holding (lng, lat) WGS-84, or a refusal naming `field`."""
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise DomainError("经纬度超出范围", field=field)
    finder: Any = getattr(region_selectors, "locate", None)
    if finder is not None:
        try:
            found = finder(lng, lat)
        except TypeError:  # a keyword-only signature
            try:
                found = finder(lng=lng, lat=lat)
            except (TypeError, DomainError):
                found = None
        except DomainError:
            found = None
        if isinstance(found, Region):
            return found
    for level, max_m in FALLBACKS:
        region = _nearest(level, lng, lat, max_m)
        if region is not None:
            return region
    raise DomainError("该位置不在本市服务范围内，请确认定位", field=field)


def within(region: Region, ancestor: Region) -> bool:
    return region.path.startswith(ancestor.path)


def city_of(region: Region) -> Region:
    code = next(c for c in region.path.split("/") if c)
    return region_selectors.get_region(code)
