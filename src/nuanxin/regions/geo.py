"""Small spherical helpers (WGS-84 degrees, metres)."""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8


def offset(lng: float, lat: float, *, metres: float, bearing_deg: float) -> tuple[float, float]:
    """The point `metres` away from (lng, lat) along `bearing_deg` (0 = north)."""
    d = metres / EARTH_RADIUS_M
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lng)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1),
                         math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(l2), math.degrees(p2)


def bbox(lng: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lng, min_lat, max_lng, max_lat) of a box holding every point within `radius_m`:
    the indexed pre-filter before an exact distance. The longitude span is clamped near the
    poles (cos(lat) >= 0.01) so the box stays finite."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
    return lng - dlng, lat - dlat, lng + dlng, lat + dlat


def haversine_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
