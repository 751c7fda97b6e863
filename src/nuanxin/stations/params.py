"""Query parameters of GET /api/stations/nearest, read by hand.

This is the rider's hot path: parsing nine parameters through a pydantic model costs
more than the spatial query itself, so they are read from request.GET here, with the
same 422 answer and Chinese messages as the rest of the API. `NEAREST_PARAMETERS`
documents them in the OpenAPI schema.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest

from nuanxin.kernel.errors import DomainError


class InvalidParam(DomainError):
    status_code = 422

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"字段“{field}”：{reason}", field=field, code="invalid")


@dataclass(frozen=True)
class NearestParams:
    lat: float
    lng: float
    crs: str
    services: str
    kind: str
    open_now: bool
    radius: float | None
    limit: int


def _float(get: Mapping[str, str], name: str, required: bool) -> float | None:
    raw = get.get(name)
    if raw is None or raw == "":
        if required:
            raise InvalidParam(name, "缺少必填字段")
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidParam(name, "应为数字") from None
    if not math.isfinite(value):
        raise InvalidParam(name, "应为数字")
    return value


def _bool(get: Mapping[str, str], name: str) -> bool:
    raw = (get.get(name) or "false").lower()
    if raw in ("true", "1", "yes", "on"):
        return True
    if raw in ("false", "0", "no", "off"):
        return False
    raise InvalidParam(name, "应为 true 或 false")


_MAX_FIELDS = 30


def query_of(request: HttpRequest) -> Mapping[str, str]:
    """request.GET's values (the last of a repeated name, as QueryDict.get gives) without
    building a QueryDict, which costs more than the spatial query; odd query strings
    (very many fields) go through request.GET and its limits as usual."""
    raw = request.META.get("QUERY_STRING", "")
    if raw.count("&") >= _MAX_FIELDS:
        return request.GET
    # WSGI hands the bytes over as latin-1 text; QueryDict decodes them as UTF-8 and
    # falls back to latin-1: the same here.
    try:
        text = raw.encode("iso-8859-1").decode("utf-8")
    except UnicodeError:
        text = raw
    return dict(parse_qsl(text, keep_blank_values=True))


def parse_nearest(get: Mapping[str, str]) -> NearestParams:
    lat = _float(get, "lat", True)
    lng = _float(get, "lng", True)
    assert lat is not None and lng is not None
    raw_limit = get.get("limit") or "10"
    try:
        limit = int(raw_limit)
    except ValueError:
        raise InvalidParam("limit", "应为整数") from None
    return NearestParams(lat=lat, lng=lng, crs=get.get("crs") or "wgs84",
                         services=get.get("services") or "", kind=get.get("kind") or "",
                         open_now=_bool(get, "open_now"), radius=_float(get, "radius", False),
                         limit=limit)


def _param(name: str, kind: str, required: bool, text: str) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": required, "description": text,
            "schema": {"type": kind}}


NEAREST_PARAMETERS = [
    _param("lat", "number", True, "纬度"),
    _param("lng", "number", True, "经度"),
    _param("crs", "string", False, "坐标系：wgs84（默认）、gcj02、bd09；返回的坐标同此"),
    _param("services", "string", False, "需要的服务（全部具备），逗号分隔，如 toilet,water；"
           "charging 表示任一充电服务"),
    _param("kind", "string", False, "站点类型，如 warm_station"),
    _param("open_now", "boolean", False, "只看此刻营业的（北京时间）"),
    _param("radius", "number", False, "半径（米），默认 5000，最大 100000"),
    _param("limit", "integer", False, "数量，1-50，默认 10"),
]
