"""'Navigate' links: AMap, Baidu and Tencent public URI schemes, each in its own datum.

AMap and Tencent draw GCJ-02, Baidu BD-09; we store WGS-84 and convert here.
The https forms open the app when installed and a web map otherwise.
"""

from __future__ import annotations

from urllib.parse import quote

from nuanxin.kernel.coords import from_wgs84

SOURCE = "nuanxin"


def navigation_links(name: str, lng: float, lat: float) -> dict[str, str]:
    g_lng, g_lat = from_wgs84(lng, lat, "gcj02")
    b_lng, b_lat = from_wgs84(lng, lat, "bd09")
    n = quote(name, safe="")
    return {
        # https://lbs.amap.com/api/uri-api/guide/travel/route (coordinate=gaode = GCJ-02)
        "amap": (f"https://uri.amap.com/navigation?to={g_lng:.6f},{g_lat:.6f},{n}"
                 f"&mode=ride&coordinate=gaode&callnative=1&src={SOURCE}"),
        # https://lbsyun.baidu.com/index.php?title=uri/api/web (coord_type=bd09ll)
        "baidu": (f"https://api.map.baidu.com/marker?location={b_lat:.6f},{b_lng:.6f}"
                  f"&title={n}&content={n}&output=html&coord_type=bd09ll&src={SOURCE}"),
        # https://lbs.qq.com/webApi/uriV1/uriGuide/uriWebRoute (tocoord is GCJ-02, lat first)
        "tencent": (f"https://apis.map.qq.com/uri/v1/routeplan?type=bike&to={n}"
                    f"&tocoord={g_lat:.6f},{g_lng:.6f}&referer={SOURCE}"),
    }
