"""Points for the department's figures: issued and redeemed, by where the worker works.

Issued points are what workers earned (awards and positive adjustments; a refund only
gives back what was spent). Redeemed points are redemptions less their refunds.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, Sum

from nuanxin.kernel.figures import Figure
from nuanxin.points.models import LedgerEntry, Reason
from nuanxin.points.summary import ISSUED
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.regions.tally import Counts, bucket, child_key, local_start, tallied

SECTION = "points"
WORK_PATH = "account__user__worker__work_region__path"


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    out = bucket()
    rows = (LedgerEntry.objects.filter(subtree_q(region.path, WORK_PATH),
                                       created_at__gte=local_start(start),
                                       created_at__lt=local_start(end)).order_by()
            .annotate(k=child_key(region, WORK_PATH, per_child=per_child))
            .values("k").annotate(
                issued=Sum("amount", filter=ISSUED),
                spent=Sum("amount", filter=Q(reason__in=(Reason.REDEMPTION, Reason.REFUND)))))
    for row in rows:
        out[row["k"]]["issued"] += row["issued"] or 0
        out[row["k"]]["redeemed"] += -(row["spent"] or 0)
    return out


def _present(c: Counts) -> dict[str, Figure]:
    return {
        "issued": Figure(int(c["issued"]), "期内发放给新就业群体的积分(不含兑换退回)", "分"),
        "redeemed": Figure(int(c["redeemed"]), "期内兑换消耗的积分(扣除退回)", "分"),
    }


compute, compute_children = tallied(_tally, _present)
