"""Reads: coverage share, best next sites (MCLP), what-if. Staff in scope only.

Each function checks scope itself, validates its input with Chinese messages naming the
field, and stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from nuanxin.accounts.permissions import staff_scope
from nuanxin.kernel.errors import DomainError, NotFound, PermissionDenied
from nuanxin.planning import cells, mclp
from nuanxin.planning.demand import Demand, demand_for
from nuanxin.planning.models import CandidateSite
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.stations.models import StationKind, StationStatus
from nuanxin.stations.selectors import planning_rows, service_labels, service_mask_bit

RADIUS_MIN_M, RADIUS_MAX_M, RADIUS_DEFAULT_M = 100.0, 10_000.0, 1_000.0
RIDING_KMH = 15.0
PERIOD_DAYS = 91  # a season
K_MAX = 200
CANDIDATE_KINDS = (StationKind.COMMUNITY_CENTRE, StationKind.SERVICE_CENTRE)
EXACT_SECONDS = 10.0


@dataclass(frozen=True)
class Query:
    region: Region
    service: str
    radius_m: float
    start: date
    end: date


@dataclass
class Site:
    key: str  # "station:12", "site:3" or "point:4"
    name: str
    kind: str
    lng: float
    lat: float
    region_id: int | None
    gain: float = 0.0


@dataclass
class Coverage:
    query: Query
    demand: Demand
    covered: np.ndarray  # bool per demand cell
    stations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def share(self) -> float:
        total = self.demand.total
        return float(self.demand.weight[self.covered].sum()) / total if total else 0.0

    @property
    def covered_weight(self) -> float:
        return float(self.demand.weight[self.covered].sum())


def radius_from(radius: float | None, minutes: float | None) -> float:
    """Metres: given, or riding minutes at 15 km/h, or the 1,000 m default."""
    if radius is not None and minutes is not None:
        raise DomainError("半径与骑行分钟只能填一个", field="minutes")
    if minutes is not None:
        if not 0 < minutes <= 40:
            raise DomainError("骑行分钟应在 0 到 40 之间", field="minutes")
        radius = minutes * RIDING_KMH * 1000 / 60
    if radius is None:
        return RADIUS_DEFAULT_M
    if not RADIUS_MIN_M <= radius <= RADIUS_MAX_M:
        raise DomainError(f"服务半径应在 {RADIUS_MIN_M:.0f} 到 {RADIUS_MAX_M:.0f} 米之间",
                          field="radius")
    return float(radius)


def make_query(*, user: Any, region: str, service: str, radius: float | None = None,
               minutes: float | None = None, start: date | None = None,
               end: date | None = None, today: date | None = None) -> Query:
    """Validate the shared parameters and check the user's scope over the region."""
    if service not in service_labels():
        raise DomainError(f"未知的服务项目“{service}”", field="service")
    r = Region.objects.filter(code=(region or "").strip()).first()
    if r is None:
        raise NotFound("区划不存在", field="region")
    if not staff_scope(user).covers(r):
        raise PermissionDenied("该区划不在你的管辖范围内", field="region")
    radius_m = radius_from(radius, minutes)
    from nuanxin.planning.services import shanghai_day

    end = end or today or shanghai_day()
    start = start or end - timedelta(days=PERIOD_DAYS - 1)
    if start > end:
        raise DomainError("开始日期不能晚于结束日期", field="start")
    if (end - start).days > 366:
        raise DomainError("统计期不能超过一年", field="start")
    return Query(region=r, service=service, radius_m=radius_m, start=start, end=end)


def service_stations(service: str) -> list[dict[str, Any]]:
    """Open stations offering the service (rows of `stations.selectors.planning_rows`)."""
    return _service_stations(service)[0]


def _service_stations(service: str, closed: set[int] = frozenset()  # type: ignore[assignment]
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(open stations offering the service, all stations)."""
    bit = service_mask_bit(service)
    rows = planning_rows()
    offering = [r for r in rows if r["status"] == StationStatus.OPEN and r["service_mask"] & bit
                and r["id"] not in closed]
    return offering, rows


def coverage(q: Query, *, close: set[int] | None = None,
             add: list[tuple[float, float]] | None = None) -> Coverage:
    """Demand within R of an open station offering the service (after closing or adding)."""
    demand = demand_for(q.region, q.start, q.end)
    offering, _ = _service_stations(q.service, close or set())
    lng = np.array([r["lng"] for r in offering] + [p[0] for p in add or []], dtype=float)
    lat = np.array([r["lat"] for r in offering] + [p[1] for p in add or []], dtype=float)
    covered = mclp.covered_by(demand.lng, demand.lat, lng, lat, q.radius_m)
    return Coverage(query=q, demand=demand, covered=covered, stations=offering)


def region_ids(region: Region) -> set[int]:
    return set(Region.objects.filter(subtree_q(region.path)).values_list("id", flat=True))


def default_candidates(q: Query) -> list[Site]:
    """Community centres and service points in the region lacking the service (open or
    temporarily closed), plus the cell centres staff added in the region."""
    bit = service_mask_bit(q.service)
    in_region = region_ids(q.region)
    out = [Site(key=f"station:{r['id']}", name=r["name"], kind=r["kind"], lng=r["lng"],
                lat=r["lat"], region_id=r["region_id"])
           for r in planning_rows()
           if r["kind"] in CANDIDATE_KINDS and not r["service_mask"] & bit
           and r["status"] != StationStatus.CLOSED and r["region_id"] in in_region]
    for c in CandidateSite.objects.filter(subtree_q(q.region.path, "region__path")).order_by("id"):
        out.append(Site(key=f"site:{c.pk}", name=c.name, kind="candidate_cell", lng=c.lng,
                        lat=c.lat, region_id=c.region_id))
    return out


@dataclass
class Plan:
    query: Query
    sites: list[Site]
    covered_before: float  # share of demand
    covered_after: float
    gap: float
    solver: str
    status: str
    seconds: float
    candidates: int
    total_weight: float
    covering: Coverage


def plan_sites(q: Query, *, k: int, candidates: list[Site] | None = None,
               exact: bool = True, time_limit: float = EXACT_SECONDS) -> Plan:
    """Best next `k` sites among the candidates for the demand not yet covered."""
    cands = default_candidates(q) if candidates is None else candidates
    if not cands:
        raise DomainError("该区划没有可选的候选站址", field="candidates")
    if not 0 < k <= min(len(cands), K_MAX):
        raise DomainError(f"k 应在 1 到 {min(len(cands), K_MAX)}（候选站址数）之间", field="k")
    demand = demand_for(q.region, q.start, q.end)
    offering, _ = _service_stations(q.service)
    planned = mclp.plan(
        demand.lng, demand.lat, demand.weight,
        np.array([r["lng"] for r in offering], dtype=float),
        np.array([r["lat"] for r in offering], dtype=float),
        np.array([c.lng for c in cands], dtype=float), np.array([c.lat for c in cands], dtype=float),
        radius_m=q.radius_m, k=k, exact_solve=exact, time_limit=time_limit)
    answer = planned.best
    cov = Coverage(query=q, demand=demand, covered=planned.covered, stations=offering)
    d = demand
    sites = []
    for j, g in zip(answer.chosen, answer.gains, strict=True):
        s = cands[j]
        sites.append(Site(s.key, s.name, s.kind, s.lng, s.lat, s.region_id, gain=g))
    total = d.total
    before = cov.covered_weight
    return Plan(query=q, sites=sites, covered_before=before / total if total else 0.0,
                covered_after=(before + answer.value) / total if total else 0.0,
                gap=answer.gap, solver=answer.solver, status=answer.status,
                seconds=answer.seconds, candidates=len(cands), total_weight=total,
                covering=cov)


@dataclass
class WhatIf:
    before: float
    after: float
    closed: list[str]
    added: int


def what_if(q: Query, *, close: list[int], add: list[tuple[float, float]]) -> WhatIf:
    """Coverage now and with the named stations closed and the points added."""
    _offering, rows = _service_stations(q.service)
    in_region = region_ids(q.region)  # another region's station is not the caller's to close
    known = {r["id"]: r["name"] for r in rows if r["region_id"] in in_region}
    for pk in close:
        if pk not in known:
            raise NotFound(f"站点 {pk} 不存在", field="close")
    if not close and not add:
        raise DomainError("请至少选择一个要关闭的站点或新增一个站址", field="close")
    before = coverage(q)
    after = coverage(q, close=set(close), add=add)
    return WhatIf(before=before.share, after=after.share, closed=[known[pk] for pk in close],
                  added=len(add))


def cell_features(cov: Coverage, limit: int = 20_000) -> list[dict[str, Any]]:
    """Cells for the map: boundary, weight, covered."""
    d = cov.demand
    order = np.argsort(-d.weight)[:limit]
    return [{"cell": d.cells[i], "weight": round(float(d.weight[i]), 1),
             "covered": bool(cov.covered[i]), "ring": cells.boundary(d.cells[i])}
            for i in order]
