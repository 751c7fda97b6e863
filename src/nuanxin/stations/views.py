"""The rider's pages: the finder list, a station, the map. Server-rendered, small."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.gzip import gzip_page

from nuanxin.kernel.coords import check_crs, from_wgs84, to_wgs84
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.maps import Marker, map_data, tile_source
from nuanxin.kernel.navigation import navigation_links
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.stations import catalogue, hooks, selectors
from nuanxin.stations.geo import direction_text, haversine_m
from nuanxin.stations.present import detail_out
from nuanxin.web import offline

PAGE_RADIUS_M = 30_000.0  # the map's reach
LIST_RADIUS_M = selectors.DEFAULT_RADIUS_M  # the list's: beyond it the rider is told so
PAGE_LIMIT = 30


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def _point(request: HttpRequest) -> tuple[float, float] | None:
    """The rider's point in WGS-84 from ?lat&lng(&crs); None if absent or not a place."""
    lat, lng = _float(request.GET.get("lat")), _float(request.GET.get("lng"))
    if lat is None or lng is None:
        return None
    try:
        return to_wgs84(lng, lat, check_crs(request.GET.get("crs", "wgs84")))
    except DomainError:
        return None


def _where(request: HttpRequest) -> tuple[float | None, float | None, str, Region | None]:
    """The rider's point in WGS-84 from ?lat&lng(&crs), else ?region (its centre)."""
    point = _point(request)
    if point is not None:
        return point[0], point[1], "你的位置", None
    code = request.GET.get("region", "")
    region = Region.objects.filter(code=code).first() if code else None
    if region is not None and region.lng is not None and region.lat is not None:
        return region.lng, region.lat, region.name, region
    return None, None, "", None


def _township_choices() -> list[dict[str, Any]]:
    counties = list(Region.objects.filter(level=Level.COUNTY).order_by("code"))
    towns = Region.objects.filter(level=Level.TOWNSHIP).order_by("code").values("code", "name",
                                                                                  "parent_id")
    by_parent: dict[int, list[dict[str, Any]]] = {}
    for t in towns:
        by_parent.setdefault(t["parent_id"], []).append(dict(t))
    return [{"county": c, "towns": by_parent.get(c.pk, [])} for c in counties]


@gzip_page  # riders are on weak networks; these pages carry no secrets
def finder(request: HttpRequest) -> HttpResponse:
    lng, lat, where, region = _where(request)
    chosen = [c for c in request.GET.get("services", "").split(",") if c in
              {code for code, _l, _i in catalogue.CHIPS}]
    open_now = request.GET.get("open") == "1"
    q = request.GET.get("q", "").strip()
    found: list[selectors.Found] = []
    error = ""
    if q:
        try:
            found = selectors.search_stations(q, lng=lng, lat=lat, limit=PAGE_LIMIT)
        except DomainError as e:
            error = e.message
    elif lng is not None and lat is not None:
        hooks.finder_queried(lng=lng, lat=lat, request=request)
        found = selectors.nearest_or_beyond(lng=lng, lat=lat, services=chosen,
                                            open_now=open_now, radius_m=LIST_RADIUS_M,
                                            limit=PAGE_LIMIT)
    keep = {k: v for k, v in request.GET.items() if k in ("lat", "lng", "crs", "region") and v}
    chips = []
    for code, label, icon in catalogue.CHIPS:
        on = code in chosen
        nxt = [c for c in chosen if c != code] if on else [*chosen, code]
        params = keep | ({"services": ",".join(nxt)} if nxt else {}) | (
            {"open": "1"} if open_now else {})
        chips.append({"label": label, "icon": icon, "on": on, "url": "?" + urlencode(params)})
    open_params = keep | ({"services": ",".join(chosen)} if chosen else {}) | (
        {} if open_now else {"open": "1"})
    near = urlencode({"lat": lat, "lng": lng}) if lat is not None else ""
    ctx = {
        "found": found, "where": where, "located": lng is not None, "chips": chips,
        "open_now": open_now, "open_url": "?" + urlencode(open_params), "q": q, "error": error,
        "near": near, "keep": keep,
        "wanted": {s for c in chosen for s in catalogue.CHIP_ANY.get(c, (c,))},
        "region": region,
        "counties": _township_choices() if lng is None or region is not None else [],
        "map_url": "/stations/map/?" + urlencode(keep),
        "beyond": _beyond_text(found, filtered=bool(chosen or open_now)),
    }
    if request.GET.get("partial") == "1":  # the located list, fetched by the page's script
        return render(request, "stations/_results.html", ctx)
    return render(request, "stations/finder.html", ctx)


def _beyond_text(found: list[selectors.Found], *, filtered: bool) -> str:
    """"5 公里内没有；最近的在 5.8 公里外" when the list holds only stations beyond reach."""
    if not found or not found[0].outside_radius or found[0].metres is None:
        return ""
    what = "符合条件的站点" if filtered else ""
    return (f"{LIST_RADIUS_M / 1000:g} 公里内没有{what}；"
            f"最近的在 {found[0].metres / 1000:.1f} 公里外")


@gzip_page  # riders are on weak networks; these pages carry no secrets
def station_page(request: HttpRequest, pk: int) -> HttpResponse:
    station = selectors.get_station_or_404(pk)
    data = detail_out(station, "wgs84")
    point = _point(request)
    if point is not None:
        lng, lat = point
        metres = haversine_m(lng, lat, station.lng, station.lat)
        data["direction"] = direction_text(lng, lat, station.lng, station.lat, metres)
        data["navigation"] = navigation_links(station.name, station.lng, station.lat,
                                              origin=point)
    from nuanxin.stations.services import can_edit

    spot = Marker(lng=station.lng, lat=station.lat, title=station.name, open=bool(data.get("open")))
    return render(request, "stations/station.html", {
        "s": data, "can_edit": can_edit(request.user, station),
        "station_map": map_data(centre=(station.lng, station.lat), markers=[spot], zoom=16,
                                me=point),
        "from_qr": request.GET.get("from") == "qr", "photos": list(station.photos.order_by("id")),
    })


def _tiles() -> dict[str, Any]:
    """The base map's tiles (core.maps, NUANXIN_MAP_TILES); the older STATIONS_MAP_TILES
    setting still wins when a deployment has it."""
    cfg = getattr(settings, "STATIONS_MAP_TILES", None) or {}
    if cfg:
        return {"url": cfg.get("url", ""), "crs": cfg.get("crs", "wgs84"),
                "attribution": cfg.get("attribution", ""), "subdomains": cfg.get("subdomains", "")}
    return tile_source().as_dict()


@gzip_page  # riders are on weak networks; these pages carry no secrets
def map_view(request: HttpRequest) -> HttpResponse:
    """Stations around a point, drawn without a map library; tiles only if configured."""
    lng, lat, where, _region = _where(request)
    if lng is None or lat is None:
        lng, lat, where = 115.4806, 35.2337, "菏泽市区"
    tiles = _tiles()
    crs = check_crs(tiles["crs"])
    found = selectors.nearest_stations(lng=lng, lat=lat, radius_m=PAGE_RADIUS_M, limit=50)
    points = []
    for f in found:
        x, y = from_wgs84(f.row["lng"], f.row["lat"], crs)
        points.append({"id": f.row["id"], "name": f.row["name"], "lng": x, "lat": y,
                       "open": f.state.open})
    cx, cy = from_wgs84(lng, lat, crs)
    payload = {"centre": [cx, cy], "points": points, "tiles": tiles}
    return render(request, "stations/map.html", {
        "where": where, "payload": json.dumps(payload, ensure_ascii=False), "found": found,
        "tiles": tiles,
    })


def service_worker(request: HttpRequest) -> HttpResponse:
    """The site's one service worker (core.offline), also at its old address so that
    phones registered there get the same script and its styled offline page."""
    return offline.service_worker(request)
