"""Snap reports for the department's figures: received, on time, overdue, escalated, rates.

Counted by the report's home (the grid or community where it happened), like the
county overview; the flows (received, finished, rated) fall in the period, the queue
(待签收, 临期, 超期) is as of now.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import Region
from nuanxin.regions.tally import Counts, Split, bucket, local_start, tallied
from nuanxin.reports.models import Rating, Report
from nuanxin.reports.selectors import DUE_SOON
from nuanxin.reports.states import WORKING, Status

SECTION = "reports"
WAITING = (Status.SUBMITTED, Status.RETURNED)


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    now = timezone.now()
    t0, t1 = local_start(start), local_start(end)
    late = (Q(status__in=WAITING, accept_due_at__lte=now)
            | Q(status__in=WORKING, resolve_due_at__lte=now))
    soon = (Q(status__in=WAITING, accept_due_at__gt=now, accept_due_at__lte=now + DUE_SOON)
            | Q(status__in=WORKING, resolve_due_at__gt=now, resolve_due_at__lte=now + DUE_SOON))
    received = Q(created_at__gte=t0, created_at__lt=t1)
    finished = Q(finished_at__gte=t0, finished_at__lt=t1, finished_on_time__isnull=False)
    rated = Q(rated_at__gte=t0, rated_at__lt=t1) & ~Q(rating="")
    split = Split(region, "home_region", per_child=per_child)
    rows = (split.rows(Report.objects.filter(created_at__lt=t1)).annotate(
                received=Count("id", filter=received),
                escalated=Count("id", filter=received & Q(escalations__gt=0)),
                finished=Count("id", filter=finished),
                on_time=Count("id", filter=finished & Q(finished_on_time=True)),
                rated=Count("id", filter=rated),
                happy=Count("id", filter=rated & Q(rating__in=(Rating.SATISFIED, Rating.BASIC))),
                waiting=Count("id", filter=Q(status=Status.SUBMITTED)),
                due_soon=Count("id", filter=soon),
                overdue=Count("id", filter=late),
            ))
    out = bucket()
    for row in rows:
        c = out[split.key(row)]
        for name, value in row.items():
            if name != split.fk:
                c[name] += value
    return out


def _rate(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _present(c: Counts) -> dict[str, Figure]:
    return {
        "received": Figure(int(c["received"]), "期内收到的随手拍件数", "件"),
        "on_time": Figure(int(c["on_time"]), "期内按期办结或答复的件数", "件"),
        "finished": Figure(int(c["finished"]), "期内办结或答复的件数", "件"),
        "overdue": Figure(int(c["overdue"]), "当前已超过签收或办理期限仍未办结的件数", "件"),
        "due_soon": Figure(int(c["due_soon"]), "当前24小时内到期的未办结件数(临期)", "件"),
        "waiting": Figure(int(c["waiting"]), "当前等待签收的件数(待签收)", "件"),
        "escalated": Figure(int(c["escalated"]), "期内收到并因超期逐级上交的件数", "件"),
        "on_time_rate": Figure(_rate(c["on_time"], c["finished"]),
                               "期内办结件中按期办结的占比", "%"),
        "satisfaction_rate": Figure(_rate(c["happy"], c["rated"]),
                                    "期内回访评价中满意和基本满意的占比", "%"),
    }


compute, compute_children = tallied(_tally, _present)
