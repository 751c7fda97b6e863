"""Excel export of an activity's sign-ups and attendance (phones masked)."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from nuanxin.activities.models import Activity
from nuanxin.activities.selectors import roster_with_positions

HEADERS = ["序号", "姓名", "手机号", "群体类别", "平台或企业", "子女姓名", "状态", "候补排位",
           "报名时间", "签到时间"]


def _when(value: object) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""  # type: ignore[arg-type]


def roster_workbook(activity: Activity) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "报名与签到"
    ws.append([f"{activity.title}（{_when(activity.starts_at)}，{activity.place_name}）"])
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for i, (s, pos) in enumerate(roster_with_positions(activity), start=1):
        worker = getattr(s.user, "worker", None)
        ws.append([i, s.user.display_name, s.user.phone_masked,
                   worker.get_kind_display() if worker else "", worker.platform if worker else "",
                   s.child_name, s.get_status_display(), pos or "",
                   _when(s.created_at), _when(s.attended_at)])
    for col, width in zip("ABCDEFGHIJ", (6, 12, 14, 12, 12, 10, 8, 8, 18, 18), strict=True):
        ws.column_dimensions[col].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
