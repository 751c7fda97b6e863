"""Staff figures for a region: items and stock, redemptions by status, points issued."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from nuanxin.points.models import Reason, RedemptionStatus, ShopItem
from nuanxin.points.selectors import entries_in, items_in, redemptions_in
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import children

# Points "issued" are what workers earned: awards and positive manual adjustments (a refund
# only gives back what was spent, so it is not counted).
ISSUED = Q(amount__gt=0) & ~Q(reason=Reason.REFUND)


@dataclass
class RegionFigures:
    region: Region
    issued: int = 0
    spent: int = 0  # points of confirmed redemptions
    by_status: dict[str, int] = field(default_factory=dict)
    items: int = 0
    stock: int = 0


def figures(region: Region) -> RegionFigures:
    f = RegionFigures(region=region)
    f.issued = int(entries_in(region).filter(ISSUED).aggregate(s=Sum("amount"))["s"] or 0)
    rows = redemptions_in(region).order_by().values("status").annotate(n=Count("id"),
                                                                       p=Sum("points"))
    f.by_status = {s: 0 for s in RedemptionStatus.values}
    for row in rows:
        f.by_status[row["status"]] = row["n"]
        if row["status"] == RedemptionStatus.CONFIRMED:
            f.spent = int(row["p"] or 0)
    agg = items_in(region).order_by().aggregate(n=Count("id"), s=Sum("stock"))
    f.items, f.stock = int(agg["n"] or 0), int(agg["s"] or 0)
    return f


def figures_by_child(region: Region) -> list[RegionFigures]:
    return [figures(c) for c in children(region)]


def item_rows(region: Region, limit: int = 500) -> list[ShopItem]:
    """Items with their held and confirmed counts (`held`, `confirmed` attributes)."""
    return list(items_in(region).annotate(
        held=Count("redemptions", filter=Q(redemptions__status=RedemptionStatus.HELD)),
        confirmed=Count("redemptions", filter=Q(redemptions__status=RedemptionStatus.CONFIRMED)),
    )[:limit])
