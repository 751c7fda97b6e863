"""Retention (PIPL): what is past its time is anonymised or deleted, and reported.

Defaults (each a `RetentionRule` row, edited in the back office): a report's link to its
reporter 3 years after closing (moved to the closed-account placeholder, so the report and
its figures stay); activity rosters 1 year after the activity (deleted); SMS codes 1 day
(deleted); access logs 3 years (deleted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from nuanxin.accounts.models import SmsCode, User
from nuanxin.activities.models import Signup
from nuanxin.ops.models import RetentionRule
from nuanxin.privacy.models import AccessLog
from nuanxin.reports.models import Report

DEFAULT_DAYS = {
    RetentionRule.Kind.REPORT_REPORTER: 3 * 365,
    RetentionRule.Kind.ACTIVITY_ROSTER: 365,
    RetentionRule.Kind.SMS_CODE: 1,
    RetentionRule.Kind.ACCESS_LOG: 3 * 365,
}
PLACEHOLDER_DIGEST = "closed-account-placeholder"


@dataclass
class Outcome:
    kind: str
    label: str
    days: int
    affected: int
    action: str


def days_for(kind: str) -> int:
    rule = RetentionRule.objects.filter(kind=kind).first()
    return rule.days if rule else DEFAULT_DAYS[RetentionRule.Kind(kind)]


def placeholder_user() -> User:
    """The one inactive, nameless account that anonymised records point to."""
    user, _ = User.objects.get_or_create(
        phone_digest=PLACEHOLDER_DIGEST,
        defaults={"phone_cipher": "", "phone_masked": "已注销", "display_name": "已注销用户",
                  "is_active": False})
    return user


def apply(*, dry_run: bool = False, now: datetime | None = None) -> list[Outcome]:
    """Apply every rule; with `dry_run` only count. Each kind in its own transaction."""
    now = now or timezone.now()
    out: list[Outcome] = []
    kinds = RetentionRule.Kind

    def cutoff(kind: str) -> datetime:
        return now - timedelta(days=days_for(kind))

    reports = Report.objects.filter(closed_at__lt=cutoff(kinds.REPORT_REPORTER)).exclude(
        reporter__phone_digest=PLACEHOLDER_DIGEST)
    rosters = Signup.objects.filter(activity__ends_at__lt=cutoff(kinds.ACTIVITY_ROSTER))
    codes = SmsCode.objects.filter(created_at__lt=cutoff(kinds.SMS_CODE))
    logs = AccessLog.objects.filter(created_at__lt=cutoff(kinds.ACCESS_LOG))
    plan = [
        (kinds.REPORT_REPORTER, reports, "关联改为“已注销用户”"),
        (kinds.ACTIVITY_ROSTER, rosters, "删除"),
        (kinds.SMS_CODE, codes, "删除"),
        (kinds.ACCESS_LOG, logs, "删除"),
    ]
    for kind, qs, action in plan:
        with transaction.atomic():
            if dry_run:
                affected = qs.count()
            elif kind == kinds.REPORT_REPORTER:
                affected = qs.update(reporter=placeholder_user())
            else:
                affected, _ = qs.delete()
        out.append(Outcome(kind, kind.label, days_for(kind), affected, action))
    return out
