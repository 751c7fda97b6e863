"""Staff figures for a region: items and stock, redemptions by status, points issued."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Func, Q, QuerySet, Sum, Value
from django.db.models.functions import Left, StrIndex, Substr

from nuanxin.points.models import Reason, RedemptionStatus, ShopItem
from nuanxin.points.selectors import entries_in, items_in, redemptions_in
from nuanxin.regions.models import PATH_SEP, Region
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


def _child_code(field: str, region: Region) -> Func:
    """SQL: the code of `region`'s child whose subtree holds the row (by its `field` path)."""
    rest = Substr(field, len(region.path) + 1)
    return Left(rest, StrIndex(rest, Value(PATH_SEP)) - 1)


def _tally(region: Region, *, per_child: bool) -> dict[str, RegionFigures]:
    """The figures of `region` (key "") or of each child (key: its code): one grouped query
    per figure, however many children there are."""
    def grouped(qs: QuerySet[Any], field: str, *also: str) -> QuerySet[Any]:
        key = _child_code(field, region) if per_child else Value("")
        grouped_rows: QuerySet[Any] = qs.order_by().annotate(k=key).values("k", *also)
        return grouped_rows

    figs: dict[str, RegionFigures] = defaultdict(
        lambda: RegionFigures(region=region, by_status={s: 0 for s in RedemptionStatus.values}))
    issued = grouped(entries_in(region).filter(ISSUED),
                     "account__user__worker__work_region__path").annotate(s=Sum("amount"))
    for row in issued:
        figs[row["k"]].issued = int(row["s"] or 0)
    rows = grouped(redemptions_in(region), "item__region__path", "status").annotate(
        n=Count("id"), p=Sum("points"))
    for row in rows:
        f = figs[row["k"]]
        f.by_status[row["status"]] = row["n"]
        if row["status"] == RedemptionStatus.CONFIRMED:
            f.spent = int(row["p"] or 0)
    for row in grouped(items_in(region), "region__path").annotate(n=Count("id"), s=Sum("stock")):
        f = figs[row["k"]]
        f.items, f.stock = int(row["n"] or 0), int(row["s"] or 0)
    return figs


def figures(region: Region) -> RegionFigures:
    return _tally(region, per_child=False)[""]


def figures_by_child(region: Region) -> list[RegionFigures]:
    figs = _tally(region, per_child=True)
    out = []
    for child in children(region):
        f = figs[child.code]
        f.region = child
        out.append(f)
    return out


def item_rows(region: Region, limit: int = 500) -> list[ShopItem]:
    """Items with their held and confirmed counts (`held`, `confirmed` attributes)."""
    return list(items_in(region).annotate(
        held=Count("redemptions", filter=Q(redemptions__status=RedemptionStatus.HELD)),
        confirmed=Count("redemptions", filter=Q(redemptions__status=RedemptionStatus.CONFIRMED)),
    )[:limit])
