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
from nuanxin.regions.paths import subtree_q
from nuanxin.regions.tally import Counts, bucket, child_key, local_start, tallied

SECTION = "activities"
WORK_PATH = "user__worker__work_region__path"


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    t0, t1 = local_start(start), local_start(end)
    out = bucket()
    held = (Activity.objects.filter(subtree_q(region.path, "region__path"),
                                    status=ActivityStatus.PUBLISHED,
                                    starts_at__gte=t0, starts_at__lt=t1).order_by()
            .annotate(k=child_key(region, "region__path", per_child=per_child))
            .values("k").annotate(n=Count("id"), places=Sum("capacity")))
    for row in held:
        out[row["k"]]["held"] += row["n"]
        out[row["k"]]["places"] += row["places"] or 0
    people = (Signup.objects.filter(subtree_q(region.path, WORK_PATH), created_at__lt=t1)
              .order_by().annotate(k=child_key(region, WORK_PATH, per_child=per_child))
              .values("k").annotate(
                  signups=Count("id", filter=Q(created_at__gte=t0)
                                & ~Q(status=SignupStatus.CANCELLED)),
                  attended=Count("id", filter=Q(attended_at__gte=t0, attended_at__lt=t1))))
    for row in people:
        out[row["k"]]["signups"] += row["signups"]
        out[row["k"]]["attended"] += row["attended"]
    return out


def _present(c: Counts) -> dict[str, Figure]:
    return {
        "held": Figure(int(c["held"]), "期内开展(开始)的关爱活动场次", "场"),
        "places": Figure(int(c["places"]), "期内开展的关爱活动提供的名额", "个"),
        "signups": Figure(int(c["signups"]), "期内报名且未取消的人次(按报名人工作区域)", "人次"),
        "participants": Figure(int(c["attended"]), "期内签到参加关爱活动的人次", "人次"),
    }


compute, compute_children = tallied(_tally, _present)
