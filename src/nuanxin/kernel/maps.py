"""The base map's tile source: one setting, `NUANXIN_MAP_TILES`, for every map page.

Values: a preset name, "amap" (default: GCJ-02, China's usual web map), "tianditu" (天地图,
CGCS2000 ≈ WGS-84, needs `NUANXIN_TIANDITU_KEY`), "none" (no tiles: the schematic map), or a
custom source "URL|crs|attribution" with {z}/{x}/{y} (and optional {s}) in the URL.
Markers and shapes are drawn in the tiles' coordinate system (`crs`), converted from the
stored WGS-84 by `core.coords`: a GCJ-02 map with WGS-84 markers would be ~500 m off.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings

from nuanxin.kernel.coords import check_crs, from_wgs84


@dataclass(frozen=True)
class TileSource:
    url: str  # "" = no tiles: pages keep their schematic drawing
    crs: str  # wgs84 | gcj02 | bd09: the system markers must be drawn in
    attribution: str
    subdomains: str = ""
    max_zoom: int = 18

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


AMAP = TileSource(
    url="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
        "&x={x}&y={y}&z={z}",
    crs="gcj02", attribution="© 高德地图 AutoNavi", subdomains="1234")
TIANDITU_URL = ("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
                "&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
                "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=")
NONE = TileSource(url="", crs="wgs84", attribution="")


def tile_source() -> TileSource:
    """The configured source (see the module docstring); unknown values mean no tiles."""
    value = str(getattr(settings, "NUANXIN_MAP_TILES", "amap") or "none").strip()
    name = value.lower()
    if name == "amap":
        return AMAP
    if name == "tianditu":
        key = str(getattr(settings, "NUANXIN_TIANDITU_KEY", "") or "")
        if not key:
            return NONE  # 天地图 refuses tiles without a key: draw the schematic map
        return TileSource(url=TIANDITU_URL + key, crs="wgs84", attribution="© 天地图",
                          subdomains="01234567")
    if "{z}" in value and "{x}" in value and "{y}" in value:
        url, _, rest = value.partition("|")
        crs, _, attribution = rest.partition("|")
        return TileSource(url=url.strip(), crs=check_crs(crs or "wgs84"),
                          attribution=attribution.strip(), subdomains="1234" if "{s}" in url
                          else "")
    return NONE


@dataclass(frozen=True)
class Marker:
    lng: float  # WGS-84, as stored
    lat: float
    label: str = ""
    title: str = ""
    href: str = ""
    open: bool = True


def map_data(*, centre: tuple[float, float], markers: list[Marker], zoom: int = 15,
             me: tuple[float, float] | None = None, shapes: dict[str, Any] | None = None,
             note: str = "", fit: bool = False, bare: bool = False) -> dict[str, Any]:
    """What `basemap.js` draws, every point converted to the tiles' system.

    `shapes` must already be in the tiles' system (see regions.shapes.from_wgs84); `bare`
    draws them on a blank map when there are no tiles (a boundary map still says a lot)."""
    source = tile_source()
    crs = source.crs

    def conv(lng: float, lat: float) -> list[float]:
        x, y = from_wgs84(lng, lat, crs)
        return [round(x, 7), round(y, 7)]

    return {
        "tiles": source.as_dict(), "centre": conv(*centre), "zoom": zoom, "fit": fit,
        "me": conv(*me) if me else None, "shapes": shapes, "note": note, "bare": bare,
        "markers": [{"at": conv(m.lng, m.lat), "label": m.label, "title": m.title,
                     "href": m.href, "open": m.open} for m in markers],
    }
