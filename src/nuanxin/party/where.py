"""'Where am I': the places app's `regions.selectors.locate`, or the nearest region until then.

`locate(lng, lat)` (WGS-84) is being added by the places work; this wrapper calls it when it
exists and otherwise falls back to the region (village or grid) whose point is nearest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nuanxin.kernel.errors import DomainError
from nuanxin.regions import selectors as region_selectors
from nuanxin.regions.geo import haversine_m
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

BOX_DEG = 0.05  # ~5 km: the fallback looks for a region point in this box first


def locate(lng: float, lat: float) -> Region | None:
    """The region that contains (lng, lat), as precise as the places data allows."""
    real: Callable[[float, float], Any] | None = getattr(region_selectors, "locate", None)
    if real is not None:
        try:
            found = real(lng, lat)
        except DomainError:  # outside the city
            return None
        if found is None or isinstance(found, Region):
            return found
        chain = getattr(found, "chain", ())  # regions.location.Location, top-down
        return region_selectors.get_region(chain[-1].code) if chain else None
    return nearest_region(lng, lat)


def nearest_region(lng: float, lat: float) -> Region | None:
    """Fallback: the nearest village/community or grid point, widening the box once."""
    for box in (BOX_DEG, BOX_DEG * 10):
        rows = list(Region.objects.filter(
            level__in=[Level.VILLAGE, Level.GRID], lng__isnull=False,
            lng__gte=lng - box, lng__lte=lng + box, lat__gte=lat - box, lat__lte=lat + box))
        if rows:
            return min(rows, key=lambda r: haversine_m(lng, lat, r.lng or 0, r.lat or 0))
    return None
