"""Care activities for the department's figures: held, places offered, sign-ups, participants.

Activities count where they are offered (their region); sign-ups and participants count
where the worker works, so a city-wide activity's people still land in their counties.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum

from nuanxin.activities.models import Activity, ActivityStatus, Signup, SignupStatus
from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import Region
from nuanxin.regions.tally import Counts, Split, bucket, local_start, tallied

SECTION = "activities"
WORK_REGION = "user__worker__work_region"


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    t0, t1 = local_start(start), local_start(end)
    out = bucket()
    split = Split(region, "region", per_child=per_child)
    held = split.rows(Activity.objects.filter(status=ActivityStatus.PUBLISHED, starts_at__gte=t0,
                                              starts_at__lt=t1)
                      ).annotate(n=Count("id"), places=Sum("capacity"))
    for row in held:
        out[split.key(row)]["held"] += row["n"]
        out[split.key(row)]["places"] += row["places"] or 0
    by_worker = Split(region, WORK_REGION, per_child=per_child)
    people = by_worker.rows(Signup.objects.filter(created_at__lt=t1)).annotate(
                  signups=Count("id", filter=Q(created_at__gte=t0)
                                & ~Q(status=SignupStatus.CANCELLED)),
                  attended=Count("id", filter=Q(attended_at__gte=t0, attended_at__lt=t1)))
    for row in people:
        out[by_worker.key(row)]["signups"] += row["signups"]
        out[by_worker.key(row)]["attended"] += row["attended"]
    return out


def _present(c: Counts) -> dict[str, Figure]:
    return {
        "held": Figure(int(c["held"]), "期内开展(开始)的关爱活动场次", "场"),
        "places": Figure(int(c["places"]), "期内开展的关爱活动提供的名额", "个"),
        "signups": Figure(int(c["signups"]), "期内报名且未取消的人次(按报名人工作区域)", "人次"),
        "participants": Figure(int(c["attended"]), "期内签到参加关爱活动的人次", "人次"),
    }


compute, compute_children = tallied(_tally, _present)
