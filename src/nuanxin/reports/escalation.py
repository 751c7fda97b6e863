"""The scheduled job: warn before deadlines, climb the ladder at them, close follow-ups.

Idempotent: each report is handled under its row lock and re-checked there, and every
step records what it did on the row (`warned_for`, `overdue_noted_for`, the moved
deadline), so running the tick twice — or from two processes — changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nuanxin.reports import actions
from nuanxin.reports.ladder import next_rung
from nuanxin.reports.models import Origin, Report
from nuanxin.reports.services import accept_due, resolve_due
from nuanxin.reports.states import AWAITING_FOLLOW_UP, WORKING, Status
from nuanxin.reports.timeline import record, tell_handlers, tell_reporter

# Warn this long before a deadline: signing for a report is quick, resolving is not.
WARN_ACCEPT = timedelta(hours=1)
WARN_RESOLVE = timedelta(hours=4)
WAITING = (Status.SUBMITTED, Status.RETURNED)


@dataclass
class TickResult:
    warned: int = 0
    escalated: int = 0
    overdue_at_top: int = 0
    closed: int = 0
    ids: list[int] = field(default_factory=list)


def _due(r: Report) -> datetime | None:
    return r.accept_due_at if r.status in WAITING else r.resolve_due_at


def _lock(report_id: int) -> Report:
    """Lock the bare row, then read it with its relations (see actions._locked)."""
    list(Report.objects.select_for_update().filter(pk=report_id).values_list("pk"))
    return Report.objects.select_related("region", "category").get(pk=report_id)


def _window(r: Report) -> timedelta:
    return WARN_ACCEPT if r.status in WAITING else WARN_RESOLVE


def _warn(report_id: int, now: datetime) -> bool:
    with transaction.atomic():
        r = _lock(report_id)
        due = _due(r)
        if (r.status not in (*WAITING, *WORKING) or due is None or r.warned_for == due
                or not (now < due <= now + _window(r))):
            return False
        r.warned_for = due
        what = "签收" if r.status in WAITING else "办结或答复"
        text = f"将于{timezone.localtime(due):%m月%d日 %H:%M}到期，请及时{what}"
        record(r, "warn", text=text, public=False, at=now)
        tell_handlers(r, r.region, "随手拍临期预警", text)
        r.save(update_fields=["warned_for", "updated_at"])
    return True


def _escalate(report_id: int, now: datetime) -> str:
    """One rung up for an overdue report; at the county, note the overdue once."""
    with transaction.atomic():
        r = _lock(report_id)
        due = _due(r)
        if r.status not in (*WAITING, *WORKING) or due is None or due > now:
            return ""
        missed = "签收" if r.status in WAITING else "办结"
        up = next_rung(r.region)
        if up is None:
            if r.overdue_noted_for == due:
                return ""
            r.overdue_noted_for = due
            record(r, "overdue", text=f"超过{missed}期限，已在最高层级挂牌督办", at=now,
                   public=False)
            tell_handlers(r, r.region, "随手拍已超期", f"超过{missed}期限，请尽快办理")
            r.save(update_fields=["overdue_noted_for", "updated_at"])
            return "top"
        old = r.region
        record(r, "urge", to_region=up, at=now, public=False,
               text=f"{old.name}超过{missed}期限未{missed}，向{up.name}发出催办")
        record(r, "escalate", from_region=old, to_region=up, at=now,
               text=f"超过{missed}期限，已升级至{up.name}办理")
        r.region, r.escalations, r.warned_for = up, r.escalations + 1, None
        if r.status in WAITING:
            r.accept_due_at = accept_due(r.category, now)
        else:
            r.resolve_due_at = resolve_due(r.category, now)
        tell_handlers(r, up, "催办：随手拍超期升级", f"{old.name}超过{missed}期限：{r.description[:40]}")
        tell_handlers(r, old, "随手拍已超期升级", f"已升级至{up.name}，请配合办理")
        if r.origin != Origin.SNAP:  # a resident recorded by staff hears of each rung
            tell_reporter(r, "已升级办理", f"超过{missed}期限，已升级至{up.name}办理")
        r.save()
    return "up"


def tick(now: datetime | None = None) -> TickResult:
    """Run one pass. Safe to run as often as you like."""
    now = now or timezone.now()
    result = TickResult()
    live = Report.objects.filter(status__in=[*WAITING, *WORKING])
    waiting_q = Q(status__in=WAITING)
    working_q = Q(status__in=WORKING)
    overdue = live.filter((waiting_q & Q(accept_due_at__lte=now))
                          | (working_q & Q(resolve_due_at__lte=now)))
    for pk in overdue.values_list("pk", flat=True).order_by("pk"):
        outcome = _escalate(pk, now)
        if outcome == "up":
            result.escalated += 1
            result.ids.append(pk)
        elif outcome == "top":
            result.overdue_at_top += 1
    soon = live.filter((waiting_q & Q(accept_due_at__gt=now, accept_due_at__lte=now + WARN_ACCEPT))
                       | (working_q & Q(resolve_due_at__gt=now,
                                        resolve_due_at__lte=now + WARN_RESOLVE)))
    for pk in soon.values_list("pk", flat=True).order_by("pk"):
        result.warned += int(_warn(pk, now))
    stale = Report.objects.filter(status__in=AWAITING_FOLLOW_UP,
                                  finished_at__lte=now - timedelta(days=actions.FOLLOW_UP_DAYS))
    for pk in stale.values_list("pk", flat=True).order_by("pk"):
        result.closed += int(actions.auto_close(pk) is not None)
    return result
