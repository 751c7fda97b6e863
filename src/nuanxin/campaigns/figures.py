"""Campaign figures for the department's dashboard: villages reached, people, quiz passes.

Counted from the actions recorded in the period in villages under the region, over all
villages under it (the target of any campaign run there).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum

from nuanxin.campaigns.models import Action, QuizPass
from nuanxin.kernel.figures import Figure
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.regions.tally import local_start

SECTION = "campaigns"


def compute(*, region: Region, start: date, end: date) -> dict[str, Figure]:
    t0, t1 = local_start(start), local_start(end)
    actions = Action.objects.filter(subtree_q(region.path, "village__path"),
                                    created_at__gte=t0, created_at__lt=t1)
    sums = actions.aggregate(n=Count("id"), villages=Count("village", distinct=True),
                             people=Sum("people"), brochures=Sum("brochures"))
    total = Region.objects.filter(subtree_q(region.path), level=Level.VILLAGE).count()
    reached = int(sums["villages"] or 0)
    passed = QuizPass.objects.filter(subtree_q(region.path, "campaign__region__path"),
                                     created_at__gte=t0, created_at__lt=t1).count()
    return {
        "actions": Figure(int(sums["n"] or 0), "期内记录的防非宣传进村居活动次数", "次"),
        "villages_reached": Figure(reached, "期内开展过宣传的村(社区)数", "个"),
        "coverage": Figure(round(100 * reached / total, 1) if total else None,
                           "期内开展过宣传的村(社区)占全部村(社区)的比例", "%"),
        "people_reached": Figure(int(sums["people"] or 0), "期内宣传覆盖人数", "人"),
        "brochures": Figure(int(sums["brochures"] or 0), "期内发放宣传册份数", "份"),
        "quiz_passed": Figure(passed, "期内宣传答题及格人数", "人"),
    }
