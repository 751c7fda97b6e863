"""Excel exports of the dashboard's tables, each headed by the filters it was made with.

These files leave the department: a village's (or grid's) count of people under 5 is
written as "<5" (see present.suppressed), and the sheet says so.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from nuanxin.dashboard import sections
from nuanxin.dashboard.periods import Period
from nuanxin.dashboard.present import SMALL_NOTE, cell
from nuanxin.dashboard.selectors import Snapshot
from nuanxin.regions.models import Region
from nuanxin.reports.models import Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000


def _head(ws: Any, title: str, filters: list[tuple[str, str]], header: list[str]) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    for name, value in filters:
        ws.append([name, value])
    ws.append([SMALL_NOTE])
    ws.append([])
    ws.append(header)
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=ws.max_row + 1, column=1)


def _save(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def figures_workbook(region: Region, period: Period, own: Snapshot[sections.Figures],
                     kids: Snapshot[list[tuple[Region, sections.Figures]]]) -> bytes:
    """One column per figure; the region's own row first, then each child."""
    columns = [(s, k, f.label, f.unit) for s, keys in own.value.items() for k, f in keys.items()]
    wb = Workbook()
    ws: Any = wb.active
    ws.title = "区域数据"
    _head(ws, f"{region.name} 新就业群体工作数据", [
        ("统计区域", f"{region.name}（{region.code}）"), ("统计区间", period.label),
        ("数据截至", f"{timezone.localtime(own.as_of):%Y-%m-%d %H:%M}")],
        ["区域", "区划代码"] + [f"{sections.title(s)}·{label}" + (f"({unit})" if unit else "")
                            for s, _, label, unit in columns])
    for place, figs in [(region, own.value), *kids.value]:
        ws.append([place.name, place.code] + [
            cell(figs.get(s, {}).get(k), place.level, export=True) for s, k, _, _ in columns])
    return _save(wb)


def records_workbook(region: Region, which: str, label: str, rows: QuerySet[Report]) -> bytes:
    wb = Workbook()
    ws: Any = wb.active
    ws.title = f"{label}随手拍"
    _head(ws, f"{region.name} {label}的随手拍", [
        ("统计区域", f"{region.name}（{region.code}）"), ("类型", label),
        ("导出时间", f"{timezone.localtime():%Y-%m-%d %H:%M}")],
        ["编号", "类别", "问题描述", "属地", "当前承办", "状态", "签收期限", "办结期限", "提交时间"])

    def t(dt: Any) -> str:
        return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""

    for r in rows[:MAX_ROWS]:
        ws.append([r.number, r.category.name, r.description, r.home_region.name, r.region.name,
                   r.get_status_display(), t(r.accept_due_at), t(r.resolve_due_at),
                   t(r.created_at)])
    return _save(wb)
