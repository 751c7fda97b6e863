"""Timeline events and who hears about them (inbox for everyone, SMS for the reporter)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.services import send_sms, send_sms_to
from nuanxin.kernel.crypto import decrypt
from nuanxin.notifications.services import notify
from nuanxin.regions.models import Region
from nuanxin.reports.ladder import handler_roles, handlers_of
from nuanxin.reports.models import Origin, Report, ReportEvent

log = logging.getLogger("nuanxin.reports")

EVENT_LABELS: dict[str, str] = {
    "submitted": "提交", "accept": "签收", "start": "开始处理", "transfer": "转派",
    "return": "退单", "extend": "申请延期", "extension_granted": "同意延期",
    "extension_refused": "不同意延期", "reply": "答复", "resolve": "现场解决",
    "reject": "不予受理", "rate": "回访评价", "dispute": "提出异议", "reopen": "重新办理",
    "close": "办结", "warn": "临期预警", "urge": "催办", "escalate": "升级",
    "supervise": "督办", "overdue": "超期", "follow": "关注", "points": "积分奖励",
}


def record(report: Report, kind: str, *, actor: User | None = None, text: str = "",
           public: bool = True, from_region: Region | None = None,
           to_region: Region | None = None, at: datetime | None = None) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, kind=kind, actor=actor, public=public, text=text[:1000],
        from_region=from_region, to_region=to_region, created_at=at or timezone.now(),
    )


def report_url(report: Report) -> str:
    return f"/reports/{report.pk}/"


def handle_url(report: Report) -> str:
    return f"/reports/handle/{report.pk}/"


def tell_reporter(report: Report, title: str, body: str) -> None:
    """Inbox message now; SMS after commit (a rolled-back step sends nothing)."""
    notify(report.reporter, title, body, report_url(report))
    text = f"【暖新{Origin(report.origin).label}】{report.number}{title}：{body[:60]}"
    # A case recorded for a resident texts the resident (if they left a phone), not the
    # staff member who recorded it.
    reporter, contact = report.reporter, report.contact_cipher
    if report.origin != Origin.SNAP and not contact:
        return

    def send() -> None:
        try:
            if report.origin == Origin.SNAP:
                send_sms_to(reporter, text)
            else:
                send_sms(phone=decrypt(contact), text=text)
        except Exception:  # an SMS outage must not undo the work order
            log.exception("reporter SMS failed for report %s", report.pk)

    transaction.on_commit(send)


def tell_handlers(report: Report, region: Region, title: str, body: str) -> int:
    users = handlers_of(region, handler_roles(report.origin, report.handler_kind))
    for user in users:
        notify(user, title, body, handle_url(report))
    return len(users)
