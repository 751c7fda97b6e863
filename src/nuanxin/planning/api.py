"""Planner API: coverage share, best next sites, what-if, xlsx, candidate cells. Staff in
scope only; bad input is a Chinese 4xx naming the field and nothing is stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status as HttpStatus

from nuanxin.kernel.coords import check_crs, to_wgs84
from nuanxin.kernel.errors import DomainError
from nuanxin.people.selectors import current_user
from nuanxin.planning import selectors, services
from nuanxin.planning.export import plan_xlsx
from nuanxin.planning.present import coverage_out, plan_out
from nuanxin.planning.schemas import (
    CandidateOut,
    CoverageOut,
    PlanIn,
    PlanOut,
    PointIn,
    WhatIfIn,
    WhatIfOut,
)

router = Router(tags=["覆盖规划"])


@router.get("/planning/coverage", response=CoverageOut,
            summary="覆盖率：服务半径内有提供该服务的开放站点的需求占比")
def coverage(request: HttpRequest, region: str, service: str, radius: float | None = None,
             minutes: float | None = None, start: date | None = None, end: date | None = None,
             cells: bool = False) -> dict[str, Any]:
    q = selectors.make_query(user=current_user(request), region=region, service=service,
                             radius=radius, minutes=minutes, start=start, end=end)
    return coverage_out(selectors.coverage(q), features=cells)


def _plan(request: HttpRequest, body: PlanIn) -> selectors.Plan:
    q = selectors.make_query(user=current_user(request), region=body.region,
                             service=body.service, radius=body.radius, minutes=body.minutes,
                             start=body.start, end=body.end)
    crs = check_crs(body.crs)
    if body.solver not in ("exact", "greedy"):
        raise DomainError("求解方式应为 exact 或 greedy", field="solver")
    if not 0.1 <= body.time_limit <= 60:
        raise DomainError("求解时限应在 0.1 到 60 秒之间", field="time_limit")
    cands = None
    if body.candidates is not None:
        cands = [_point_site(p, i, crs) for i, p in enumerate(body.candidates)]
    return selectors.plan_sites(q, k=body.k, candidates=cands, exact=body.solver == "exact",
                                time_limit=body.time_limit)


def _point_site(p: PointIn, i: int, crs: str) -> selectors.Site:
    lng, lat = to_wgs84(p.lng, p.lat, crs)
    if not (73 <= lng <= 136 and 3 <= lat <= 54):
        raise DomainError(f"第{i + 1}个候选点坐标不在中国境内", field="candidates")
    return selectors.Site(key=f"point:{i}", name=p.name or f"候选点{i + 1}", kind="point",
                          lng=lng, lat=lat, region_id=None)


@router.post("/planning/sites", response=PlanOut,
             summary="最佳新增 K 个站址（最大覆盖选址，HiGHS 精确解，报告最优性间隙）")
def sites(request: HttpRequest, body: PlanIn) -> dict[str, Any]:
    plan = _plan(request, body)
    return plan_out(plan, check_crs(body.crs))


@router.post("/planning/sites.xlsx", summary="导出方案（站址、新覆盖率、分区）")
def sites_xlsx(request: HttpRequest, body: PlanIn) -> HttpResponse:
    plan = _plan(request, body)
    resp = HttpResponse(plan_xlsx(plan), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    resp["Content-Disposition"] = f'attachment; filename="plan-{plan.query.region.code}.xlsx"'
    return resp


@router.post("/planning/whatif", response=WhatIfOut, summary="假设：关闭某站点或新增站址后的覆盖率")
def whatif(request: HttpRequest, body: WhatIfIn) -> dict[str, Any]:
    q = selectors.make_query(user=current_user(request), region=body.region,
                             service=body.service, radius=body.radius, minutes=body.minutes,
                             start=body.start, end=body.end)
    crs = check_crs(body.crs)
    add = [to_wgs84(p.lng, p.lat, crs) for p in body.add]
    r = selectors.what_if(q, close=body.close, add=add)
    return {"before": r.before, "after": r.after, "change": r.after - r.before,
            "closed": r.closed, "added": r.added}


@router.post("/planning/candidates", response={201: CandidateOut},
             summary="添加候选站址（取所在 H3 单元中心）")
def add_candidate(request: HttpRequest, body: PointIn, crs: str = "wgs84") -> Any:
    lng, lat = to_wgs84(body.lng, body.lat, check_crs(crs))
    c = services.add_candidate(by=current_user(request), lng=lng, lat=lat, name=body.name)
    return HttpStatus(201, {"id": c.pk, "cell": c.cell, "name": c.name, "lng": c.lng, "lat": c.lat})
