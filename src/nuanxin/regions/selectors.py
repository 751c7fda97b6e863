"""Reads of the region tree. Subtrees are index range scans on `path`."""

from __future__ import annotations

import json
import math
import random
from typing import Any

import numpy as np
import shapely
from django.db.models import Count, QuerySet
from shapely.geometry.base import BaseGeometry

from nuanxin.kernel.coords import check_point
from nuanxin.kernel.errors import DomainError, NotFound
from nuanxin.regions import locator, shapes
from nuanxin.regions.geo import offset
from nuanxin.regions.levels import DEPTH, ORDER, Level
from nuanxin.regions.location import Location as Location  # re-exported: the answer type
from nuanxin.regions.location import Matched
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q


def get_region(code: str, *, field: str = "code") -> Region:
    """The region with `code`, or a 404 naming `field` (the caller's parameter name)."""
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise NotFound(f"区划代码“{code}”不存在", field=field)
    return region


def subtree(region: Region) -> QuerySet[Region]:
    """The region and everything under it, in one indexed query."""
    return Region.objects.filter(subtree_q(region.path))


def descendant_counts(region: Region) -> dict[str, int]:
    """How many regions of each level lie strictly under `region`."""
    rows = (
        subtree(region).exclude(pk=region.pk).values("level").annotate(n=Count("id")).order_by()
    )
    found = {r["level"]: r["n"] for r in rows}
    below = ORDER[ORDER.index(region.level) + 1:]
    return {level: found.get(level, 0) for level in below}


def children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


def ancestors(region: Region) -> list[Region]:
    """Top-down chain from the root to the region itself, from its path."""
    codes = [c for c in region.path.split("/") if c]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def roots() -> QuerySet[Region]:
    return Region.objects.filter(parent__isnull=True).order_by("code")


# --- Where is this? (boundaries) -------------------------------------------------------

COMMUNITY_MAX_M = 3_000  # nearest-point fallback: a village/community point this close
TOWNSHIP_MAX_M = 30_000  # else a township point this close; else outside the city


class OutsideCity(DomainError):
    """The point lies outside every region this installation serves."""

    def __init__(self, message: str = "该位置不在本市服务范围内，请确认定位") -> None:
        super().__init__(message, field="location", code="outside_city")


def locate(lng: float, lat: float) -> Location:
    """The regions containing a WGS-84 point: city > county > township > village > grid.

    The deepest region whose boundary contains the point wins (in-process STRtree, no
    rows read). Under it, levels that have no boundaries drawn are filled from the
    nearest region points, and where no boundary contains the point at all the whole
    chain comes from the nearest village point (then township point); either way
    `matched` says "nearest". Raises OutsideCity (a 400 in Chinese) for a point outside
    the city's boundary, or too far from any region point when there are no boundaries.
    """
    check_point(lng, lat)
    built = locator.current()
    if not built.nodes:
        raise OutsideCity("尚未导入行政区划")
    hit = built.contains(lng, lat)
    matched: Matched = "boundary"
    if hit is None:
        if built.inside_extent(lng, lat) is False:
            raise OutsideCity(f"该位置不在本市服务范围内（{built.city_name}），请确认定位")
        matched = "nearest"
        hit = _nearest_start(built, lng, lat)
        if hit is None:
            raise OutsideCity(f"该位置不在本市服务范围内（{built.city_name}），请确认定位")
    # Go down through levels with no drawn boundaries by the nearest child point.
    while len(built.children[hit]) and not built.kids_have_boundary[hit]:
        deeper = built.depth[hit] + 1
        below = built.nearest(built.children[hit], lng, lat,
                              COMMUNITY_MAX_M if deeper >= DEPTH[Level.VILLAGE]
                              else TOWNSHIP_MAX_M)
        if below is None:
            break
        hit, matched = below, "nearest"
    return Location(chain=built.located(hit), matched=matched, lng=lng, lat=lat)


def _nearest_start(built: locator.Built, lng: float, lat: float) -> int | None:
    """Without a containing boundary: the nearest village point, else township point."""
    levels = built.depth
    village = built.nearest(np.flatnonzero(levels == DEPTH[Level.VILLAGE]), lng, lat,
                            COMMUNITY_MAX_M)
    if village is not None:
        return village
    return built.nearest(np.flatnonzero(levels == DEPTH[Level.TOWNSHIP]), lng, lat,
                         TOWNSHIP_MAX_M)


def region_at(lng: float, lat: float, level: str) -> Region | None:
    """The region of `level` containing the point (by `locate`), as a row; None if none."""
    try:
        found = locate(lng, lat).at(level)
    except OutsideCity:
        return None
    return Region.objects.filter(pk=found.pk).first() if found else None


def contains(region: Region, lng: float, lat: float) -> bool | None:
    """Does the region's boundary contain the point? None when it has no boundary."""
    built = locator.current()
    i = built.by_code.get(region.code)
    if i is None:
        return None
    at = np.flatnonzero(built.geom_node == i)
    if len(at) == 0:
        return None
    return bool(shapely.contains_xy(built.geoms[at[0]], lng, lat))


def is_within(region: Region, lng: float, lat: float) -> bool:
    """Is the point in `region` (its boundary or, lacking one, by `locate`'s chain)?"""
    inside = contains(region, lng, lat)
    if inside is not None:
        return inside
    try:
        return any(r.code == region.code for r in locate(lng, lat).chain)
    except OutsideCity:
        return False


def boundary_geometry(region: Region) -> BaseGeometry | None:
    return shapes.from_text(region.boundary) if region.boundary else None


def boundary_feature(region: Region) -> dict[str, Any] | None:
    """The region's boundary as a GeoJSON Feature (WGS-84), or None when it has none.

    properties: code, name, level, generated (True for demo boundaries: "示意边界").
    """
    if not region.boundary:
        return None
    return _feature(region.code, region.name, region.level, region.boundary_generated,
                    region.boundary)


def children_features(region: Region) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (WGS-84) of the region's children that have a boundary.

    Each feature's properties: code, name, level, generated. Children without a
    boundary are left out (nothing to draw); `generated` on the collection says whether
    any shown shape is a demo one.
    """
    rows = (Region.objects.filter(parent=region).exclude(boundary="").order_by("code")
            .values_list("code", "name", "level", "boundary_generated", "boundary"))
    features = [_feature(*row) for row in rows]
    return {"type": "FeatureCollection", "features": features,
            "generated": any(f["properties"]["generated"] for f in features)}


def _feature(code: str, name: str, level: str, generated: bool, text: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": json.loads(text),
            "properties": {"code": code, "name": name, "level": level,
                           "generated": bool(generated)}}


def boundary_version() -> int:
    """The version of boundaries and the tree this process answers from."""
    return locator.current().version


def sample_point(region: Region, rng: random.Random, *, near_m: float = 0.0
                 ) -> tuple[float, float]:
    """A random WGS-84 point inside the region's boundary (demo data, deterministic by rng).

    Within `near_m` metres of the region's point when that is possible; a region with
    no boundary gets a point that far from its own point (the old approximate way).
    """
    built = locator.current()
    i = built.by_code.get(region.code)
    at = np.flatnonzero(built.geom_node == i) if i is not None else np.empty(0, np.int64)
    lng0, lat0 = region.lng or 0.0, region.lat or 0.0
    if len(at) == 0:
        lng, lat = offset(lng0, lat0, metres=rng.uniform(0, near_m or 500),
                          bearing_deg=rng.uniform(0, 360))
        return round(lng, 7), round(lat, 7)
    geom = built.geoms[at[0]]
    xmin, ymin, xmax, ymax = geom.bounds
    for attempt in range(200):
        if near_m and attempt < 100 and region.lng is not None:
            lng, lat = offset(lng0, lat0, metres=near_m * math.sqrt(rng.random()),
                              bearing_deg=rng.uniform(0, 360))
        else:
            lng, lat = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        lng, lat = round(lng, 7), round(lat, 7)
        if shapely.contains_xy(geom, lng, lat):
            return lng, lat
    p = geom.representative_point()
    return round(p.x, 7), round(p.y, 7)


def deepest_region_at(lng: float, lat: float) -> Region:
    """The deepest region of `locate`'s chain, as a row (one query); OutsideCity as locate."""
    return get_region(locate(lng, lat).chain[-1].code)


def place_of(region: Region | None) -> str:
    """The full place of a region as people say it: 东城街道·东安社区·第1网格.

    From the in-process index (no rows read); the region's own name when it is above
    the township level.
    """
    if region is None:
        return ""
    built = locator.peek()
    i = built.by_code.get(region.code)
    if i is None:
        return region.name
    return Location(chain=built.located(i), matched="boundary", lng=0.0, lat=0.0).place
