"""The staff Excel export: items and stock, redemptions, points issued by sub-region."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from nuanxin.points.codes import pretty
from nuanxin.points.models import RedemptionStatus
from nuanxin.points.selectors import redemptions_in
from nuanxin.points.summary import figures, figures_by_child, item_rows
from nuanxin.regions.models import Region

MAX_ROWS = 50_000


def _sheet(wb: Workbook, title: str, header: list[str], first: bool = False) -> Any:
    ws: Any = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    return ws


def _local(dt: object) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""  # type: ignore[arg-type]


def build_workbook(region: Region) -> bytes:
    wb = Workbook()
    ws = _sheet(wb, "积分与兑换汇总", ["区域", "区划代码", "发放积分", "已核销积分", "商品数",
                                "剩余库存"] + [s.label for s in RedemptionStatus], first=True)
    for f in [figures(region), *figures_by_child(region)]:
        ws.append([f.region.name, f.region.code, f.issued, f.spent, f.items, f.stock]
                  + [f.by_status[s] for s in RedemptionStatus.values])
    ws = _sheet(wb, "商品库存", ["商品", "类别", "提供方", "可兑换区域", "所需积分", "剩余库存",
                             "待核销", "已核销", "兑换开始", "兑换截止", "上架"])
    for i in item_rows(region, limit=MAX_ROWS):
        ws.append([i.name, i.get_category_display(), i.provider, i.region.name, i.price,
                   i.stock, i.held, i.confirmed,  # type: ignore[attr-defined]
                   _local(i.valid_from),
                   _local(i.valid_until), "是" if i.active else "否"])
    ws = _sheet(wb, "兑换记录", ["兑换码", "商品", "兑换人", "手机号", "积分", "状态", "兑换时间",
                             "有效期至", "核销时间", "核销站点"])
    for r in redemptions_in(region)[:MAX_ROWS]:
        ws.append([pretty(r.code), r.item.name, r.user.display_name, r.user.phone_masked,
                   r.points, r.get_status_display(), _local(r.created_at), _local(r.expires_at),
                   _local(r.confirmed_at), r.station.name if r.station_id else ""])  # type: ignore[union-attr]
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
