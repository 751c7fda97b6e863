"""Points for the department's figures: issued and redeemed, by where the worker works.

Issued points are what workers earned (awards and positive adjustments; a refund only
gives back what was spent). Redeemed points are redemptions less their refunds.
Millions of ledger entries: whole days before the rollup mark come from LedgerDay
(per township)
(`services.roll_up_ledger`, run daily), the rest are counted live from the ledger, so
the figures equal a fresh count whenever the rollup last ran.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, Sum

from nuanxin.kernel.figures import Figure
from nuanxin.points.models import LedgerDay, LedgerEntry, LedgerRollupMark, Reason
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.tally import Counts, Split, bucket, local_start, tallied

SECTION = "points"
WORK_REGION = "account__user__worker__work_region"
ISSUED_Q = Q(amount__gt=0) & ~Q(reason=Reason.REFUND)
ROLLED_LEVELS = (Level.CITY, Level.COUNTY)
REDEEMED_Q = Q(reason__in=(Reason.REDEMPTION, Reason.REFUND))


def rolled_through() -> date | None:
    return LedgerRollupMark.objects.values_list("through", flat=True).first()


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    out = bucket()
    mark = rolled_through()
    live_from = start
    # The rollup is per township: it answers a city or a county and splits them into
    # counties or townships; a township and below are counted live (a small subtree).
    if mark is not None and mark > start and region.level in ROLLED_LEVELS:
        split = Split(region, "region", per_child=per_child)
        days = split.rows(LedgerDay.objects.filter(day__gte=start, day__lt=min(end, mark))
                          ).annotate(issued=Sum("issued"), redeemed=Sum("redeemed"))
        for row in days:
            out[split.key(row)]["issued"] += row["issued"] or 0
            out[split.key(row)]["redeemed"] += row["redeemed"] or 0
        live_from = mark
    if live_from < end:
        live = Split(region, WORK_REGION, per_child=per_child)
        rows = live.rows(LedgerEntry.objects.filter(created_at__gte=local_start(live_from),
                                                    created_at__lt=local_start(end))
                         ).annotate(issued=Sum("amount", filter=ISSUED_Q),
                                    spent=Sum("amount", filter=REDEEMED_Q))
        for row in rows:
            out[live.key(row)]["issued"] += row["issued"] or 0
            out[live.key(row)]["redeemed"] += -(row["spent"] or 0)
    return out


def refresh_rollup() -> int:
    """The dashboard's scheduled job calls this: roll up every whole day before today."""
    from nuanxin.points.services import roll_up_ledger

    return roll_up_ledger()


def _present(c: Counts) -> dict[str, Figure]:
    return {
        "issued": Figure(int(c["issued"]), "期内发放给新就业群体的积分(不含兑换退回)", "分"),
        "redeemed": Figure(int(c["redeemed"]), "期内兑换消耗的积分(扣除退回)", "分"),
    }


compute, compute_children = tallied(_tally, _present)
