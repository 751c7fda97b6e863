"""Routing: where a report goes, from its location and its category.

The location finds the nearest community (village-level) point, then the nearest grid
under it; the category's handler kind decides the level that handles it. A point too
far from any community goes to the nearest township's queue. Regions carry approximate
points only, so this is "nearest point", searched inside a bounding box (indexed-free
but small: a box of a few km holds a few dozen regions).
"""

from __future__ import annotations

from dataclasses import dataclass

from nuanxin.kernel.errors import DomainError
from nuanxin.regions.geo import bbox, haversine_m
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.paths import codes_of
from nuanxin.reports.models import HandlerKind

COMMUNITY_MAX_M = 3_000
TOWNSHIP_MAX_M = 30_000


@dataclass(frozen=True)
class Route:
    region: Region  # who handles it first
    home: Region  # the grid or community (or township) the place belongs to


def _nearest(level: str, lng: float, lat: float, max_m: float,
             parent: Region | None = None) -> Region | None:
    min_lng, min_lat, max_lng, max_lat = bbox(lng, lat, max_m)
    qs = Region.objects.filter(level=level, lng__isnull=False, lat__isnull=False,
                               lng__gte=min_lng, lng__lte=max_lng,
                               lat__gte=min_lat, lat__lte=max_lat)
    if parent is not None:
        qs = qs.filter(parent=parent)
    best: tuple[float, Region] | None = None
    for r in qs.only("id", "code", "name", "level", "path", "lng", "lat", "parent_id"):
        d = haversine_m(lng, lat, r.lng or 0, r.lat or 0)
        if d <= max_m and (best is None or d < best[0]):
            best = (d, r)
    return best[1] if best else None


def _township_of(region: Region) -> Region | None:
    codes = codes_of(region.path)
    return Region.objects.filter(code__in=codes, level=Level.TOWNSHIP).first()


def route(lng: float, lat: float, handler_kind: str) -> Route:
    community = _nearest(Level.VILLAGE, lng, lat, COMMUNITY_MAX_M)
    if community is None:
        township = _nearest(Level.TOWNSHIP, lng, lat, TOWNSHIP_MAX_M)
        if township is None:
            raise DomainError("该位置不在本市服务范围内，请确认定位", field="location")
        return Route(region=township, home=township)
    grid = _nearest(Level.GRID, lng, lat, COMMUNITY_MAX_M, parent=community)
    home = grid or community
    if handler_kind == HandlerKind.TOWNSHIP:
        township = _township_of(community)
        return Route(region=township or community, home=home)
    if handler_kind == HandlerKind.PROPERTY:
        return Route(region=community, home=home)
    return Route(region=home, home=home)
