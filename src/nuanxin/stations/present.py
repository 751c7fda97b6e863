"""Turning selector results into API payloads (shared by the API and the pages)."""

from __future__ import annotations

import json
from functools import lru_cache
from json.encoder import encode_basestring as _esc  # json.dumps(str, ensure_ascii=False)
from typing import Any

from nuanxin.kernel.coords import from_wgs84
from nuanxin.kernel.navigation import navigation_links
from nuanxin.stations import catalogue, hours_text
from nuanxin.stations.models import Station, StationKind
from nuanxin.stations.selectors import Found, OpenState, open_state

KIND_LABELS = dict(StationKind.choices)


def services_out(codes: list[str], details: dict[str, str] | None = None) -> list[dict[str, str]]:
    details = details or {}
    return [{"code": c, "label": catalogue.BY_CODE[c].label, "icon": catalogue.BY_CODE[c].icon,
             "details": details.get(c, "")} for c in codes]


def _static_json(r: dict[str, Any]) -> str:
    """The part of a list item that only changes when the station does (cached on the row).

    Written out by hand (the StationOut fields, compact, non-ASCII kept; the tests check
    every item against the schema): a station seen for the first time costs a few string
    escapes, and the services list is shared by every station with the same services."""
    cached = r.get("_json")
    if cached is None:
        pk, kind = r["id"], r["kind"]
        cached = r["_json"] = (
            f'"id":{pk},"name":{_esc(r["name"])},"kind":{_esc(kind)},'
            f'"kind_label":{_esc(KIND_LABELS.get(kind, kind))},"address":{_esc(r["address"])},'
            f'"region":{_esc(r["region__name"])},"phone":{_esc(r["phone"])},'
            f'"services":{_services_json(r["service_mask"])},"url":"/stations/{pk}/"')
    return cached


@lru_cache(maxsize=4096)
def _services_json(mask: int) -> str:
    return json.dumps(services_out(catalogue.codes_of(mask)), ensure_ascii=False,
                      separators=(",", ":"))


@lru_cache(maxsize=8192)
def _js(text: str) -> str:
    """A JSON string literal; the vocabulary here is small (directions, labels, reasons)."""
    return json.dumps(text, ensure_ascii=False)


def found_json(found: list[Found], crs: str) -> str:
    """A list of StationOut items (nearest and search), encoded with the parts that do
    not depend on the rider's position reused: per station its coordinates in `crs` and its static JSON,
    per open state (shared by stations with the same hours) its three fields."""
    parts = []
    for f in found:
        r = f.row
        key = "_head_" + crs
        head = r.get(key)
        if head is None:
            lng, lat = from_wgs84(r["lng"], r["lat"], crs)
            head = r[key] = f'{{"lng":{lng!r},"lat":{lat!r},"crs":"{crs}","distance_m":'
        metres = "null" if f.metres is None else repr(round(f.metres, 1))
        outside = "true" if f.outside_radius else "false"
        parts.append(f'{head}{metres},"direction":{_js(f.direction)},{_state_json(f.state)},'
                     f'"outside_radius":{outside},{_static_json(r)}}}')
    return "[" + ",".join(parts) + "]"


@lru_cache(maxsize=8192)
def _state_json(st: OpenState) -> str:
    return (f'"open":{"true" if st.open else "false"},"status_label":{_esc(st.label)},'
            f'"status_detail":{_esc(st.detail)}')


def detail_out(s: Station, crs: str, *, metres: float | None = None,
               direction: str = "") -> dict[str, Any]:
    lng, lat = from_wgs84(s.lng, s.lat, crs)
    state = open_state(s)
    details = {x.service: x.details for x in s.services.all()}
    return {
        "id": s.pk, "name": s.name, "kind": s.kind, "kind_label": s.get_kind_display(),
        "address": s.address, "region": s.region.name, "lng": lng, "lat": lat, "crs": crs,
        "phone": s.phone, "distance_m": metres, "direction": direction, "open": state.open,
        "outside_radius": False,
        "status_label": state.label, "status_detail": state.detail,
        "services": services_out(catalogue.codes_of(s.service_mask), details),
        "url": f"/stations/{s.pk}/", "hours_text": hours_text.format_weekly(s.hours or {}),
        "exceptions_text": hours_text.format_exceptions(s.hours or {}),
        "closed_reason": s.closed_reason, "closed_until": s.closed_until,
        "navigation": navigation_links(s.name, s.lng, s.lat),
        "poster_svg": f"/stations/{s.pk}/poster.svg", "poster_png": f"/stations/{s.pk}/poster.png",
    }
