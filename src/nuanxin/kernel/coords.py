"""WGS-84 <-> GCJ-02 <-> BD-09 coordinate conversion.

We store WGS-84 (what phones give); Chinese web maps draw GCJ-02 (AMap, Tencent)
and BD-09 (Baidu). These are the standard public formulas (krasovsky a, ee;
BD-09 derived from GCJ-02 with x_pi). Outside China there is no offset.

The inverse conversions are solved by fixed-point iteration rather than the
common one-step approximation, so a round trip is exact to ~1e-9 degrees
(about 0.1 mm), which keeps stored points stable across repeated edits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal, get_args

CRS = Literal["wgs84", "gcj02", "bd09"]
CRS_VALUES: tuple[str, ...] = get_args(CRS)
CRS_LABELS: dict[str, str] = {
    "wgs84": "WGS-84（GPS/手机定位）",
    "gcj02": "GCJ-02（高德/腾讯地图）",
    "bd09": "BD-09（百度地图）",
}

A = 6378245.0
EE = 0.00669342162296594323
X_PI = math.pi * 3000.0 / 180.0

_ITERATIONS = 30
_Fn = Callable[[float, float], tuple[float, float]]
_EPS = 1e-12


def out_of_china(lng: float, lat: float) -> bool:
    """The usual bounding box; outside it GCJ-02 equals WGS-84."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if out_of_china(lng, lat):
        return lng, lat
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = math.sin(radlat)
    magic = 1 - EE * magic * magic
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def _bd09_to_gcj02_approx(lng: float, lat: float) -> tuple[float, float]:
    x = lng - 0.0065
    y = lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def _invert(
    forward: _Fn, lng: float, lat: float, guess: tuple[float, float]
) -> tuple[float, float]:
    """Solve forward(p) == (lng, lat) by fixed-point correction from a guess."""
    x, y = guess
    for _ in range(_ITERATIONS):
        fx, fy = forward(x, y)
        dx, dy = lng - fx, lat - fy
        x, y = x + dx, y + dy
        if abs(dx) < _EPS and abs(dy) < _EPS:
            break
    return x, y


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    if out_of_china(lng, lat):
        return lng, lat
    return _invert(wgs84_to_gcj02, lng, lat, (lng, lat))


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    return _invert(gcj02_to_bd09, lng, lat, _bd09_to_gcj02_approx(lng, lat))


def wgs84_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))


def bd09_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))


def check_crs(crs: str) -> CRS:
    """Validate a CRS name from user input (raises DomainError in Chinese)."""
    value = (crs or "wgs84").strip().lower().replace("-", "")
    aliases = {
        "wgs": "wgs84",
        "gps": "wgs84",
        "gcj": "gcj02",
        "amap": "gcj02",
        "bd": "bd09",
        "baidu": "bd09",
    }
    value = aliases.get(value, value)
    if value not in CRS_VALUES:
        from nuanxin.kernel.errors import DomainError

        raise DomainError("坐标系只能是 wgs84、gcj02 或 bd09", field="crs")
    return value  # type: ignore[return-value]


def check_point(lng: float, lat: float) -> None:
    """Refuse a point off the globe (raises DomainError in Chinese, naming the field).

    Called on every incoming point: the formulas would otherwise turn lat=999 into a
    silent nonsense answer, or fail inside math.sin on huge values (a 500)."""
    from nuanxin.kernel.errors import DomainError

    if not -180 <= lng <= 180:
        raise DomainError("经度应在 -180 到 180 之间", field="lng")
    if not -90 <= lat <= 90:
        raise DomainError("纬度应在 -90 到 90 之间", field="lat")


def to_wgs84(lng: float, lat: float, crs: str) -> tuple[float, float]:
    """Convert a point given in `crs` to WGS-84 (the stored system); the point is checked."""
    c = check_crs(crs)
    check_point(lng, lat)
    if c == "gcj02":
        return gcj02_to_wgs84(lng, lat)
    if c == "bd09":
        return bd09_to_wgs84(lng, lat)
    return lng, lat


def from_wgs84(lng: float, lat: float, crs: str) -> tuple[float, float]:
    """Convert a stored WGS-84 point to `crs` for display or a map link."""
    c = check_crs(crs)
    if c == "gcj02":
        return wgs84_to_gcj02(lng, lat)
    if c == "bd09":
        return wgs84_to_bd09(lng, lat)
    return lng, lat
