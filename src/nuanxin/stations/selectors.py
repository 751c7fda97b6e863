"""Reads: the ONE nearest-station selector, text search, open state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from nuanxin.kernel.errors import DomainError, NotFound
from nuanxin.stations import catalogue, index
from nuanxin.stations import hours as hours_mod
from nuanxin.stations.geo import direction_text, haversine_m
from nuanxin.stations.models import Station, StationStatus, StationVisit
from nuanxin.stations.rows import rows_for
from nuanxin.stations.text import normalise_query

OPEN = StationStatus.OPEN.value
DEFAULT_RADIUS_M = 5000.0
MAX_RADIUS_M = 100_000.0
MAX_LIMIT = 50
_ROW_FIELDS = ("id", "name", "kind", "address", "lng", "lat", "phone", "status", "closed_reason",
               "closed_until", "hours", "service_mask", "region__name")


@dataclass(frozen=True)
class OpenState:
    open: bool
    label: str  # 营业中 / 已打烊 / 临时关闭 / 已停用
    detail: str  # "22:00 打烊" / "明天 08:00 开门" / the closure reason


def open_state(row: dict[str, Any] | Station, now: datetime | None = None) -> OpenState:
    """Whether a station is open at `now` (Shanghai), and what to tell the rider."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    now = now or timezone.now()
    status = get("status")
    if status == StationStatus.CLOSED:
        return OpenState(False, "已停用", "该站点已停止服务")
    until = get("closed_until")
    if status == StationStatus.TEMP_CLOSED and (until is None or until > now):
        reason = get("closed_reason") or "临时关闭"
        after = f"，预计{hours_mod.when_text(until, now)}恢复" if until else ""
        return OpenState(False, "临时关闭", f"{reason}{after}")
    hrs = get("hours") or {}
    hkey = row.get("_hkey") if isinstance(row, dict) else None
    return _hours_state(hrs, now, hkey or hours_mod.schedule_key(hrs))


_STATE_CACHE: dict[tuple[str, int], OpenState] = {}


def _hours_state(hrs: dict[str, Any], now: datetime, hkey: str) -> OpenState:
    """What the hours alone say at `now`; shared by every station with the same hours and
    cached for the minute (spans are whole minutes, so the answer cannot change inside it)."""
    key = (hkey, int(now.timestamp() // 60))
    found = _STATE_CACHE.get(key)
    if found is not None:
        return found
    if len(_STATE_CACHE) > 20_000:
        _STATE_CACHE.clear()
    span = hours_mod.open_span(hrs, now)
    if span is not None:
        end = span[1]
        state = OpenState(True, "营业中", "24小时开放" if (end - now).days >= 6
                          else f"{hours_mod.when_text(end, now)} 打烊")
    else:
        nxt = hours_mod.next_opening(hrs, now)
        state = OpenState(False, "已打烊",
                          f"{hours_mod.when_text(nxt, now)} 开门" if nxt else "近期不开放")
    _STATE_CACHE[key] = state
    return state


@dataclass
class Found:
    """A station as the rider sees it in a list (coordinates still WGS-84)."""

    row: dict[str, Any]
    metres: float | None
    direction: str
    state: OpenState
    outside_radius: bool = False  # found only by looking beyond the radius asked for

    @property
    def services(self) -> list[str]:
        return catalogue.codes_of(self.row["service_mask"])

    @property
    def service_items(self) -> list[catalogue.Service]:
        return [catalogue.BY_CODE[c] for c in self.services]


def _groups(services: list[str]) -> tuple[int, ...]:
    return _groups_of(tuple(services))


@lru_cache(maxsize=256)
def _groups_of(services: tuple[str, ...]) -> tuple[int, ...]:
    groups = []
    for code in services:
        any_of = catalogue.CHIP_ANY.get(code, (code,))
        groups.append(catalogue.mask_of(list(any_of)))
    return tuple(groups)


def nearest_stations(*, lng: float, lat: float, services: list[str] | None = None,
                     kind: str | None = None, open_now: bool = False,
                     radius_m: float | None = None, limit: int = 10,
                     now: datetime | None = None) -> list[Found]:
    """The nearest stations (WGS-84 in) matching ALL requested services, kind, open now.

    Candidates come from the in-process index, already filtered there (services, kind,
    status, open hours); their rows come from the snapshot built with it
    (stations.snapshot, same version, no database read). The version check in
    `index.current` is what keeps both fresh.
    """
    now = now or timezone.now()
    radius = DEFAULT_RADIUS_M if radius_m is None else float(radius_m)
    if not (0 < radius <= MAX_RADIUS_M):
        raise DomainError("搜索半径应在 1 米到 100 公里之间", field="radius")
    if not (1 <= limit <= MAX_LIMIT):
        raise DomainError(f"返回数量应在 1 到 {MAX_LIMIT} 之间", field="limit")
    if kind and kind not in index.KIND_CODE:
        raise DomainError(f"站点类型“{kind}”不存在", field="kind")
    groups = _groups(services or [])
    q = index.Query(lng=lng, lat=lat, radius_m=radius, limit=limit, groups=groups, kind=kind,
                    open_now=open_now)
    built = index.current()
    ids, metres = index.search(built, q, now)
    id_list = ids.tolist()
    rows = rows_for(built, id_list)
    out = []
    for pk, m in zip(id_list, metres.tolist(), strict=True):
        row = rows.get(pk)
        if row is None:
            continue
        # An open station's state is its hours' (shared, cached for the minute).
        state = (_hours_state(row["hours"], now, row["_hkey"]) if row["status"] == OPEN
                 else open_state(row, now))
        if open_now and not state.open:
            continue
        out.append(Found(row=row, metres=m, state=state,
                         direction=direction_text(lng, lat, row["lng"], row["lat"], m)))
    return out


BEYOND_LIMIT = 3


def nearest_or_beyond(*, lng: float, lat: float, services: list[str] | None = None,
                      kind: str | None = None, open_now: bool = False,
                      radius_m: float | None = None, limit: int = 10,
                      now: datetime | None = None) -> list[Found]:
    """`nearest_stations`, but when nothing lies within the radius, the few nearest beyond
    it (up to the maximum radius), marked `outside_radius`: a rider in the countryside
    learns how far the nearest one is instead of getting an empty list."""
    found = nearest_stations(lng=lng, lat=lat, services=services, kind=kind,
                             open_now=open_now, radius_m=radius_m, limit=limit, now=now)
    radius = DEFAULT_RADIUS_M if radius_m is None else float(radius_m)
    if found or radius >= MAX_RADIUS_M:
        return found
    beyond = nearest_stations(lng=lng, lat=lat, services=services, kind=kind,
                              open_now=open_now, radius_m=MAX_RADIUS_M,
                              limit=min(limit, BEYOND_LIMIT), now=now)
    for f in beyond:
        f.outside_radius = True
    return beyond


def nearest_ids(*, lng: float, lat: float, services: list[str] | None = None,
                kind: str | None = None, open_now: bool = False, radius_m: float = 5000,
                limit: int = 10, now: datetime | None = None) -> list[tuple[int, float]]:
    """The index part alone (ids and metres), for the benchmark and for counts."""
    q = index.Query(lng=lng, lat=lat, radius_m=radius_m, limit=limit,
                    groups=_groups(services or []), kind=kind, open_now=open_now)
    ids, metres = index.search(index.current(), q, now or timezone.now())
    return list(zip(ids.tolist(), metres.tolist(), strict=True))


def _found(row: dict[str, Any], lng: float | None, lat: float | None, metres: float | None,
           now: datetime, state: OpenState | None = None) -> Found:
    if lng is not None and lat is not None:
        metres = metres if metres is not None else haversine_m(lng, lat, row["lng"], row["lat"])
        direction = direction_text(lng, lat, row["lng"], row["lat"], metres)
    else:
        direction = ""
    return Found(row=row, metres=metres, direction=direction, state=state or open_state(row, now))


def search_stations(q: str, *, lng: float | None = None, lat: float | None = None,
                    limit: int = 20, now: datetime | None = None) -> list[Found]:
    """Names and addresses by characters, full pinyin or initials; nearest first if located."""
    needle = normalise_query(q)
    if not needle:
        raise DomainError("请输入要搜索的名称、地址或拼音", field="q")
    now = now or timezone.now()
    qs = (Station.objects.exclude(status=StationStatus.CLOSED)
          .filter(search_text__contains=needle).values(*_ROW_FIELDS))
    rows = list(qs.order_by("name")[:500])
    found = [_found(r, lng, lat, None, now) for r in rows]
    if lng is not None and lat is not None:
        found.sort(key=lambda f: f.metres or 0)
    return found[:limit]


def get_station(pk: int) -> Station:
    station = (Station.objects.select_related("region", "operator").prefetch_related("services")
               .filter(pk=pk).first())
    if station is None:
        raise NotFound("站点不存在", field="id")
    return station


def get_station_or_404(pk: int) -> Station:
    """For pages: a missing station is the ordinary 404 page."""
    from django.http import Http404

    try:
        return get_station(pk)
    except NotFound:
        raise Http404("站点不存在") from None


def stations_of(user: Any) -> QuerySet[Station]:
    """The stations a user operates (the phone page lists only these)."""
    return Station.objects.filter(operator=user).select_related("region").order_by("name")


def planning_rows() -> list[dict[str, Any]]:
    """Every station's id, name, kind, point, region, status and service mask, for
    coverage planning (which reads many stations at once and needs no hours)."""
    return [dict(r) for r in Station.objects.values(
        "id", "name", "kind", "lng", "lat", "region_id", "status", "service_mask").order_by("id")]


def visit_places_on(day: date) -> list[tuple[float, float, int | None]]:
    """(lng, lat, user id or None) of each station visit on a Shanghai day: where riders
    were served, for demand counting (the caller keeps only cells and counts)."""
    return list(StationVisit.objects.filter(day=day)
                .values_list("station__lng", "station__lat", "user_id"))


def service_labels() -> dict[str, str]:
    """Service code -> Chinese label, in catalogue order (for other apps' forms)."""
    return {s.code: s.label for s in catalogue.SERVICES}


def service_mask_bit(code: str) -> int:
    """The `service_mask` bit value of a service code (KeyError if unknown)."""
    return 1 << catalogue.BY_CODE[code].bit
