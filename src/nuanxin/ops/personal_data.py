"""A person's rights over their data (PIPL arts. 45 and 47): a copy of everything held
about them, and closing the account.

The copy is read from every app's tables for this one person (it is a face: it reads the
apps' models, writes nothing but the access-log row of the person seeing their own numbers).
Closing anonymises the account in place: the user row loses its phone, name and password,
the worker record its real name and ID number, roles and tokens go, open sign-ups,
applications and redemption codes are cancelled through their services, and messages are
deleted. Ledger entries and reports keep their figures, pointing at a row that no longer
says who it was.
"""

from __future__ import annotations

import uuid
from io import BytesIO
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from openpyxl import Workbook

from nuanxin.accounts.models import ApiToken, RoleAssignment, User
from nuanxin.activities.models import ACTIVE_SIGNUP, Signup
from nuanxin.activities.services import cancel_signup
from nuanxin.benefits.models import Application, ApplicationStatus
from nuanxin.benefits.services import withdraw
from nuanxin.kernel.crypto import decrypt
from nuanxin.kernel.errors import DomainError
from nuanxin.notifications.models import Notification
from nuanxin.people.models import Worker
from nuanxin.points.models import LedgerEntry, Redemption, RedemptionStatus
from nuanxin.points.selectors import balance_of
from nuanxin.points.services import cancel_redemption_of
from nuanxin.privacy.models import AccessLog
from nuanxin.reports.models import Report
from nuanxin.stations.models import StationVisit


def _rows(qs: Any, fields: list[str]) -> list[dict[str, Any]]:
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in qs.values(*fields)]


def export(user: User) -> dict[str, Any]:
    """Everything held about `user`, as plain JSON-able sections (Chinese section names)."""
    worker = getattr(user, "worker", None)
    profile: dict[str, Any] = {
        "姓名/昵称": user.display_name,
        "手机号": decrypt(user.phone_cipher) if user.phone_cipher else "",
        "注册时间": user.date_joined.isoformat(),
    }
    if worker is not None:
        profile.update({
            "群体类别": worker.get_kind_display(), "平台或企业": worker.platform,
            "主要工作区域": worker.work_region.name,
            "真实姓名": decrypt(worker.real_name_cipher) if worker.real_name_cipher else "",
            "身份证号": decrypt(worker.id_number_cipher) if worker.id_number_cipher else "",
            "已实名认证": worker.real_name_verified,
        })
    AccessLog.objects.create(viewer=user, subject=user, field="export",
                             purpose="本人下载个人信息副本", channel="self")
    return {
        "基本信息": [profile],
        "角色": _rows(RoleAssignment.objects.filter(user=user),
                      ["role", "region__name", "created_at"]),
        "积分": [{"余额": balance_of(user)}],
        "积分流水": _rows(LedgerEntry.objects.filter(account__user=user).order_by("id"),
                          ["created_at", "amount", "reason", "note"]),
        "兑换记录": _rows(Redemption.objects.filter(user=user),
                          ["created_at", "item__name", "points", "status"]),
        "随手拍": _rows(Report.objects.filter(reporter=user),
                        ["created_at", "category__name", "description", "address", "status",
                         "lng", "lat"]),
        "活动报名": _rows(Signup.objects.filter(user=user),
                          ["created_at", "activity__title", "status", "child_name",
                           "attended_at"]),
        "权益申请": _rows(Application.objects.filter(user=user),
                          ["applied_at", "programme__name", "status", "cover_amount"]),
        "站点到访": _rows(StationVisit.objects.filter(user=user), ["day", "station__name"]),
        "消息": _rows(Notification.objects.filter(user=user),
                      ["created_at", "title", "body", "read_at"]),
        "谁查看过我的个人信息": _rows(
            AccessLog.objects.filter(subject=user).exclude(viewer=user),
            ["created_at", "field", "purpose", "channel"]),
    }


def export_xlsx(user: User) -> bytes:
    data = export(user)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for section, rows in data.items():
        ws = wb.create_sheet(section[:31])
        if rows:
            headers = list(rows[0])
            ws.append(headers)
            for row in rows:
                ws.append([row[h] if not isinstance(row[h], (dict, list)) else str(row[h])
                           for h in headers])
        else:
            ws.append(["（无）"])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _wipe(model: type[Model], pk: int, **fields: Any) -> None:
    model._default_manager.filter(pk=pk).update(**fields)


def close_account(*, user: User, password: str) -> None:
    """注销账号: the person confirms with their password; the account is anonymised now."""
    if not user.is_active:
        raise DomainError("该账号已注销", field="account")
    if not user.check_password(password):
        raise DomainError("密码不正确", field="password")
    for signup in Signup.objects.filter(user=user, status__in=ACTIVE_SIGNUP,
                                        activity__starts_at__gt=timezone.now()):
        cancel_signup(user=user, activity_id=signup.activity_id,
                      child_name=signup.child_name or None)
    for programme_id in Application.objects.filter(
            user=user, status=ApplicationStatus.PENDING).values_list("programme_id", flat=True):
        withdraw(user=user, programme_id=programme_id)
    for code in Redemption.objects.filter(user=user, status=RedemptionStatus.HELD).values_list(
            "code", flat=True):
        cancel_redemption_of(user=user, code=code)
    with transaction.atomic():
        worker = getattr(user, "worker", None)
        if worker is not None:
            _wipe(Worker, worker.pk, real_name_cipher="", id_number_cipher="", id_number_digest="",
                  id_number_masked="", platform="")
        RoleAssignment.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        Notification.objects.filter(user=user).delete()
        user.set_unusable_password()  # also ends every session (the auth hash changes)
        _wipe(User, user.pk, phone_digest=f"closed:{uuid.uuid4().hex}", phone_cipher="",
              phone_masked="已注销", phone_last4="", display_name="已注销用户", is_active=False,
              is_staff=False, password=user.password)
