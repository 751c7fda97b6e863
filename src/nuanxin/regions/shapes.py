"""Boundary geometry: read, check, repair and write WGS-84 (multi)polygons with shapely 2.

A boundary is stored as GeoJSON geometry text (see `Region.boundary`). Everything that
accepts a shape from outside (the importer, the admin's map, the API) goes through
`clean`, which refuses what cannot be a boundary and repairs only what is safe to repair.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from nuanxin.kernel import coords

# A repair that changes the area by more than this share is not "safe": refuse instead.
MAX_REPAIR_AREA_CHANGE = 0.01
POLYGONAL = ("Polygon", "MultiPolygon")


class ShapeError(ValueError):
    """Why a geometry cannot be a boundary (a Chinese sentence)."""


@dataclass(frozen=True)
class Cleaned:
    geometry: BaseGeometry
    repaired: str = ""  # what was repaired, in Chinese; empty when nothing was


def parse(value: Any) -> BaseGeometry:
    """A shapely geometry from GeoJSON (a dict or text): a geometry or a single Feature."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as e:
            raise ShapeError("边界不是有效的 GeoJSON") from e
    if not isinstance(value, dict):
        raise ShapeError("边界应为 GeoJSON 几何对象")
    if value.get("type") == "Feature":
        value = value.get("geometry")
        if not isinstance(value, dict):
            raise ShapeError("边界为空")
    if value.get("type") == "FeatureCollection":
        raise ShapeError("边界应为单个面（Polygon 或 MultiPolygon），不是要素集合")
    try:
        return shapely.from_geojson(json.dumps(value))
    except Exception as e:  # GEOS reader errors carry English text only
        raise ShapeError("边界不是有效的 GeoJSON 几何对象") from e


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (make_valid may add stray lines or points)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in POLYGONAL]
    flat = [p for g in parts for p in shapely.get_parts(g)]
    if not flat:
        return shapely.Polygon()
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)


def clean(geom: BaseGeometry) -> Cleaned:
    """Refuse what cannot be a boundary; repair invalid rings when that is safe.

    Safe means: the repaired shape is polygonal and its area differs by less than 1 %
    from the area the rings meant (a self-touching ring, a duplicate point, a bow tie on
    a sliver). Anything else is refused, so nobody's area silently changes.
    """
    if geom is None or geom.is_empty:
        raise ShapeError("边界为空")
    if geom.geom_type == "GeometryCollection":
        geom = _polygonal_part(geom)
        if geom.is_empty:
            raise ShapeError("边界应为面（Polygon 或 MultiPolygon）")
    if geom.geom_type not in POLYGONAL:
        raise ShapeError(f"边界应为面（Polygon 或 MultiPolygon），实际为 {geom.geom_type}")
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    xmin, ymin, xmax, ymax = geom.bounds
    if not (np.isfinite([xmin, ymin, xmax, ymax]).all()
            and -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
        raise ShapeError("边界坐标超出经纬度范围（经度 -180~180，纬度 -90~90）")
    if geom.is_valid:
        if geom.area <= 0:
            raise ShapeError("边界面积为零")
        return Cleaned(geom)
    reason = shapely.is_valid_reason(geom)
    fixed = _polygonal_part(shapely.make_valid(geom))
    if fixed.is_empty or fixed.area <= 0:
        raise ShapeError(f"边界无效且无法修复（{reason}）")
    meant = sum(abs(shapely.area(shapely.Polygon(r))) for r in _exterior_rings(geom)) - sum(
        abs(shapely.area(shapely.Polygon(r))) for r in _interior_rings(geom))
    if meant <= 0 or abs(fixed.area - meant) / meant > MAX_REPAIR_AREA_CHANGE:
        raise ShapeError(f"边界无效（{reason}），修复会改变面积超过1%，请在源数据中修正")
    return Cleaned(fixed, repaired=f"已修复无效边界（{reason}）")


def _exterior_rings(geom: BaseGeometry) -> list[Any]:
    return [p.exterior for p in shapely.get_parts(geom)]


def _interior_rings(geom: BaseGeometry) -> list[Any]:
    return [r for p in shapely.get_parts(geom) for r in p.interiors]


def to_text(geom: BaseGeometry) -> str:
    """GeoJSON geometry text, coordinates rounded to 1e-7 degrees (about 1 cm)."""
    return str(shapely.to_geojson(shapely.transform(geom, lambda xy: np.round(xy, 7))))


def from_text(text: str) -> BaseGeometry:
    return shapely.from_geojson(text)


def to_wgs84(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """The geometry converted from `crs` (wgs84, gcj02 or bd09) to WGS-84, vertex by vertex."""
    c = coords.check_crs(crs)
    if c == "wgs84":
        return geom
    one: Callable[[float, float], tuple[float, float]] = (
        coords.gcj02_to_wgs84 if c == "gcj02" else coords.bd09_to_wgs84)

    def convert(xy: np.ndarray) -> np.ndarray:
        return np.array([one(float(x), float(y)) for x, y in xy]).reshape(-1, 2)

    return shapely.transform(geom, convert)


def from_wgs84(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """The WGS-84 geometry drawn in `crs` (for tiles in GCJ-02 or BD-09)."""
    c = coords.check_crs(crs)
    if c == "wgs84":
        return geom

    def convert(xy: np.ndarray) -> np.ndarray:
        return np.array([coords.from_wgs84(float(x), float(y), c) for x, y in xy]).reshape(-1, 2)

    return shapely.transform(geom, convert)
