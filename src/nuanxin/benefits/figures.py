"""Benefits for the department's figures: people insured by 呵护新保 and their total cover.

A stock as of the period's end: approved insurance applications decided before it, of
programmes whose cover has not ended before the period began, by where the worker works.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum

from nuanxin.benefits.models import Application, ApplicationStatus, ProgrammeKind
from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import Region
from nuanxin.regions.tally import Counts, Split, bucket, local_start, tallied

SECTION = "benefits"
WORK_REGION = "user__worker__work_region"


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    out = bucket()
    split = Split(region, WORK_REGION, per_child=per_child)
    rows = split.rows(Application.objects.filter(
                status=ApplicationStatus.APPROVED, programme__kind=ProgrammeKind.INSURANCE,
                decided_at__lt=local_start(end), programme__ends_on__gte=start)).annotate(
                    people=Count("user_id", distinct=True), cover=Sum("cover_amount"))
    for row in rows:
        out[split.key(row)]["insured"] += row["people"]
        out[split.key(row)]["cover"] += float(row["cover"] or Decimal(0))
    return out


def _present(c: Counts) -> dict[str, Figure]:
    return {
        "insured": Figure(int(c["insured"]), "期末享有呵护新保免费意外险的人数", "人"),
        "cover": Figure(round(c["cover"]), "期末参保人员的保额合计", "元"),
    }


compute, compute_children = tallied(_tally, _present)
