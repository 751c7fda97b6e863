"""Station API: public finding (no sign-in needed to find a toilet), operator edits, files."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Router
from ninja.files import UploadedFile

from nuanxin.kernel.coords import check_crs, to_wgs84
from nuanxin.kernel.errors import DomainError
from nuanxin.people.selectors import current_user, optional_user
from nuanxin.stations import catalogue, hooks, hours_text, selectors, services
from nuanxin.stations.models import StationKind
from nuanxin.stations.params import NEAREST_PARAMETERS, parse_nearest, query_of
from nuanxin.stations.present import detail_out, found_json
from nuanxin.stations.schemas import (
    ClosureIn,
    HoursIn,
    ImportOut,
    ServicesIn,
    StationDetailOut,
    StationOut,
    VisitOut,
)
from nuanxin.web.uploads import read_upload

router = Router(tags=["站点"])


def parse_services(raw: str) -> list[str]:
    return catalogue.parse_codes(raw or "", field="services")


@router.get("/stations/nearest", response=list[StationOut], auth=None,
            summary="附近的站点（按距离，可按服务、类型、是否营业筛选；半径内没有时返回半径外最近的，"
            "标记 outside_radius）",
            openapi_extra={"parameters": NEAREST_PARAMETERS})
def nearest(request: HttpRequest) -> HttpResponse:
    """The rider's hot path: parameters read by hand (stations.params), and the dicts,
    which have the StationOut shape (see tests), encoded directly."""
    q = parse_nearest(query_of(request))
    crs = check_crs(q.crs)
    lng, lat = to_wgs84(q.lng, q.lat, crs)
    hooks.finder_queried(lng=lng, lat=lat, request=request)
    found = selectors.nearest_or_beyond(
        lng=lng, lat=lat, services=parse_services(q.services), kind=q.kind or None,
        open_now=q.open_now, radius_m=q.radius, limit=q.limit)
    return _json(found_json(found, crs))


@router.get("/stations/search", response=list[StationOut], auth=None,
            summary="按名称、地址或拼音（全拼/首字母）搜索")
def search(request: HttpRequest, q: str, lat: float | None = None, lng: float | None = None,
           crs: str = "wgs84", limit: int = 20) -> HttpResponse:
    c = check_crs(crs)
    if (lat is None) != (lng is None):
        raise DomainError("经纬度需要同时提供", field="lat")
    if lat is not None and lng is not None:
        lng, lat = to_wgs84(lng, lat, c)
    found = selectors.search_stations(q, lng=lng, lat=lat, limit=max(1, min(limit, 50)))
    return _json(found_json(found, c))


def _json(text: str) -> HttpResponse:
    """A list already encoded by `present.found_json` (the StationOut shape, see tests)."""
    return HttpResponse(text, content_type="application/json; charset=utf-8")


@router.get("/stations/catalogue", auth=None, summary="服务目录与站点类型")
def catalogue_list(request: HttpRequest) -> dict[str, Any]:
    return {
        "services": [{"code": s.code, "label": s.label, "icon": s.icon}
                     for s in catalogue.SERVICES],
        "kinds": [{"code": k.value, "label": k.label} for k in StationKind],
        "chips": [{"code": c, "label": label, "icon": i} for c, label, i in catalogue.CHIPS],
    }


@router.get("/stations/mine", response=list[StationDetailOut], summary="我负责的站点")
def mine(request: HttpRequest, crs: str = "wgs84") -> list[dict[str, Any]]:
    c = check_crs(crs)
    user = current_user(request)
    return [detail_out(s, c) for s in
            selectors.stations_of(user).prefetch_related("services")]


@router.get("/stations/export", summary="导出本辖区站点（xlsx 或 csv）")
def export(request: HttpRequest, format: str = "xlsx", crs: str = "wgs84") -> HttpResponse:
    from nuanxin.stations.files import export_response

    return export_response(current_user(request), fmt=format, crs=check_crs(crs))


@router.post("/stations/import", response=ImportOut, summary="从 xlsx 或 csv 导入站点（全部正确才写入）")
def import_file(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    from nuanxin.stations.files import import_upload

    created, updated, warnings = import_upload(current_user(request), file.name or "",
                                               read_upload(file, field="file"))
    return {"created": created, "updated": updated,
            "warnings": [{"line": line, "message": m} for line, m in warnings]}


@router.get("/stations/{station_id}", response=StationDetailOut, auth=None,
            summary="站点详情（营业时间、服务、导航链接）")
def detail(request: HttpRequest, station_id: int, crs: str = "wgs84") -> dict[str, Any]:
    return detail_out(selectors.get_station(station_id), check_crs(crs))


@router.post("/stations/{station_id}/visit", response=VisitOut, auth=None,
             summary="记录一次扫码到站（可匿名）")
def visit(request: HttpRequest, station_id: int) -> dict[str, int]:
    station = selectors.get_station(station_id)
    user = optional_user(request)
    visitor = f"user:{user.pk}" if user is not None else services.visitor_key(request)
    count = services.record_visit(station, user=user, visitor=visitor)
    return {"station_id": station.pk, "day_count": count}


@router.post("/stations/{station_id}/hours", response=StationDetailOut, summary="修改营业时间")
def set_hours(request: HttpRequest, station_id: int, body: HoursIn) -> dict[str, Any]:
    station = selectors.get_station(station_id)
    user = current_user(request)
    services.check_can_edit(user, station)
    hours = hours_text.parse(body.weekly, body.exceptions)
    services.operator_update(station, by=user, hours=hours)
    return detail_out(selectors.get_station(station_id), "wgs84")


@router.post("/stations/{station_id}/services", response=StationDetailOut, summary="修改服务项目")
def set_services(request: HttpRequest, station_id: int, body: ServicesIn) -> dict[str, Any]:
    station = selectors.get_station(station_id)
    services.operator_update(station, by=current_user(request), services=body.services)
    return detail_out(selectors.get_station(station_id), "wgs84")


@router.post("/stations/{station_id}/closure", response=StationDetailOut,
             summary="临时关闭、恢复开放或停用")
def closure(request: HttpRequest, station_id: int, body: ClosureIn) -> dict[str, Any]:
    station = selectors.get_station(station_id)
    services.set_closure(station, by=current_user(request), status=body.status,
                         reason=body.reason, until=body.until)
    return detail_out(selectors.get_station(station_id), "wgs84")


