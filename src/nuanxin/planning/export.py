"""A plan as an xlsx workbook: the sites, the coverage before and after, by county."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font

from nuanxin.planning import mclp
from nuanxin.planning.present import region_names
from nuanxin.planning.selectors import Plan
from nuanxin.regions.models import Region
from nuanxin.stations.selectors import service_labels


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]],
           first: bool = False) -> None:
    ws = wb.active if first else wb.create_sheet()
    assert ws is not None
    ws.title = title
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append(r)
    for i, h in enumerate(header):
        ws.column_dimensions[chr(ord("A") + i)].width = max(10, len(h) * 2 + 4)


def plan_xlsx(plan: Plan) -> bytes:
    q = plan.query
    names = region_names({s.region_id for s in plan.sites})
    total = plan.total_weight or 1.0
    wb = Workbook()
    _sheet(wb, "建议站址", ["序号", "名称", "类型", "经度(WGS-84)", "纬度(WGS-84)", "乡镇(街道)",
                        "县区", "新增覆盖需求占比"],
           [[i + 1, s.name, s.kind, round(s.lng, 6), round(s.lat, 6),
             names.get(s.region_id or 0, ("", ""))[0], names.get(s.region_id or 0, ("", ""))[1],
             round(s.gain / total, 4)] for i, s in enumerate(plan.sites)], first=True)
    _sheet(wb, "覆盖率", ["项目", "值"], [
        ["区划", q.region.name], ["服务", service_labels()[q.service]],
        ["服务半径(米)", round(q.radius_m)], ["统计期", f"{q.start} 至 {q.end}"],
        ["现有覆盖率", round(plan.covered_before, 4)], ["新增后覆盖率", round(plan.covered_after, 4)],
        ["最优性间隙", round(plan.gap, 6)], ["求解器", plan.solver], ["状态", plan.status],
        ["候选站址数", plan.candidates]])
    _sheet(wb, "分区覆盖", ["县区", "需求", "现有覆盖率", "新增后覆盖率"], by_county(plan))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def by_county(plan: Plan) -> list[list[Any]]:
    """Coverage before and after per county of the region (nearest county centre)."""
    cov = plan.covering
    d = cov.demand
    if not d.cells:
        return []
    counties = list(Region.objects.filter(level="county", path__startswith=plan.query.region.path
                                          .split("/")[0] + "/", lng__isnull=False)
                    .values_list("name", "lng", "lat"))
    if not counties:
        return []
    from scipy.spatial import cKDTree

    from nuanxin.planning.geo import xyz

    _, idx = cKDTree(xyz([c[1] for c in counties], [c[2] for c in counties])).query(
        xyz(d.lng, d.lat))
    idx = np.atleast_1d(idx)
    after = cov.covered | mclp.covered_by(
        d.lng, d.lat, np.array([s.lng for s in plan.sites]),
        np.array([s.lat for s in plan.sites]), plan.query.radius_m)
    rows = []
    for ci, (name, _lng, _lat) in enumerate(counties):
        m = idx == ci
        tot = float(d.weight[m].sum())
        if tot <= 0:
            continue
        rows.append([name, round(tot), round(float(d.weight[m & cov.covered].sum()) / tot, 4),
                     round(float(d.weight[m & after].sum()) / tot, 4)])
    return rows
