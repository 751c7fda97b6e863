"""'Navigate' links: AMap, Baidu and Tencent public URI schemes, each in its own datum.

AMap and Tencent draw GCJ-02, Baidu BD-09; we store WGS-84 and convert here.
The https forms open the app when installed and a web map otherwise. Every link is a
route to the place (riding), not a marker on a map; from the rider's point when known.
Used for stations, activity venues and the station where a redemption code is used.
"""

from __future__ import annotations

from urllib.parse import quote

from nuanxin.kernel.coords import from_wgs84

SOURCE = "nuanxin"


def navigation_links(name: str, lng: float, lat: float, *,
                     origin: tuple[float, float] | None = None) -> dict[str, str]:
    """Route links to (lng, lat) WGS-84; `origin` (WGS-84) when the rider's point is known,
    else the apps start from "my location"."""
    g_lng, g_lat = from_wgs84(lng, lat, "gcj02")
    b_lng, b_lat = from_wgs84(lng, lat, "bd09")
    n = quote(name, safe="")
    if origin is not None:
        o_lng, o_lat = from_wgs84(origin[0], origin[1], "bd09")
        b_from = quote(f"latlng:{o_lat:.6f},{o_lng:.6f}|name:我的位置", safe="")
    else:
        b_from = quote("我的位置", safe="")
    return {
        # https://lbs.amap.com/api/uri-api/guide/travel/route (coordinate=gaode = GCJ-02)
        "amap": (f"https://uri.amap.com/navigation?to={g_lng:.6f},{g_lat:.6f},{n}"
                 f"&mode=ride&coordinate=gaode&callnative=1&src={SOURCE}"),
        # https://lbsyun.baidu.com/index.php?title=uri/api/web : /direction is a route
        # (/marker only drops a pin); destination "latlng:lat,lng|name:…" in bd09ll.
        "baidu": (f"https://api.map.baidu.com/direction?origin={b_from}"
                  f"&destination={quote(f'latlng:{b_lat:.6f},{b_lng:.6f}|name:', safe='')}{n}"
                  f"&mode=riding&region={quote('菏泽', safe='')}&output=html"
                  f"&coord_type=bd09ll&src={SOURCE}"),
        # https://lbs.qq.com/webApi/uriV1/uriGuide/uriWebRoute (tocoord is GCJ-02, lat first)
        "tencent": (f"https://apis.map.qq.com/uri/v1/routeplan?type=bike&to={n}"
                    f"&tocoord={g_lat:.6f},{g_lng:.6f}&referer={SOURCE}"),
    }
