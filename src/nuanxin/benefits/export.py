"""The insurer's roster (承保名单) as Excel.

The insurer needs the full name and ID number to issue a policy, so those two are revealed
through the one reveal service (`privacy.services.reveal_many`), which checks the role for
every person and logs each reveal. Every other personal field stays masked (phone).
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import Role
from nuanxin.benefits.models import Application, ApplicationStatus, Programme
from nuanxin.kernel.errors import PermissionDenied
from nuanxin.privacy.services import reveal_many

# Staff who may hand the insurer full names and ID numbers of people in their region.
ROSTER_ROLES: set[str] = {Role.COUNTY_STAFF, Role.CITY_ADMIN}

HEADERS = ["序号", "姓名", "身份证号", "手机号", "群体类别", "平台或企业", "工作区域",
           "保额(元)", "保障开始", "保障结束", "审核通过时间"]


def roster_workbook(*, actor: User, programme: Programme, ip_address: str | None = None) -> bytes:
    scope = region_scope(actor, roles=ROSTER_ROLES)
    if scope.is_empty:
        raise PermissionDenied("仅县区及市级工作人员可导出承保名单")
    rows = list(scope.filter(
        Application.objects.filter(programme=programme, status=ApplicationStatus.APPROVED)
        .select_related("user", "user__worker", "user__worker__work_region"),
        "user__worker__work_region").order_by("id"))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "承保名单"
    ws.append([f"{programme.name} 承保名单（承保机构：{programme.insurer or '—'}；"
               f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}）"])
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    revealed = reveal_many(viewer=actor, subjects=[a.user for a in rows],
                           fields=("real_name", "id_number"),
                           purpose=f"导出承保名单：{programme.name}", channel="export",
                           ip_address=ip_address, roles=ROSTER_ROLES)
    for i, a in enumerate(rows, start=1):
        w = a.user.worker
        name = revealed[a.user.pk]["real_name"] or a.user.display_name
        id_number = revealed[a.user.pk]["id_number"]
        ws.append([i, name, id_number, a.user.phone_masked, w.get_kind_display(), w.platform,
                   w.work_region.name, float(a.cover_amount or 0),
                   f"{programme.starts_on:%Y-%m-%d}", f"{programme.ends_on:%Y-%m-%d}",
                   f"{timezone.localtime(a.decided_at):%Y-%m-%d}" if a.decided_at else ""])
    for col, width in zip("ABCDEFGHIJK", (6, 10, 20, 14, 12, 12, 18, 12, 12, 12, 14),
                          strict=True):
        ws.column_dimensions[col].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
