"""Counting records by region for the figures: one grouped query for a region's children.

An app's `figures.py` groups its rows by their region id (`Split`), and the ids are mapped
to the child of the asked region they lie under, so "the figures of every child" costs
the same one query as "the figures of the region", not one query per child; `tallied`
turns a module's tally into the two plug-in functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import PATH_SEP, Region
from nuanxin.regions.paths import subtree_q

WHOLE = ""  # the key of rows held at the asked region itself (under no child)
Counts = dict[str, float]
# (region, start, end, per_child) -> {child code or WHOLE: {name: value}}
Tally = Callable[[Region, date, date, bool], dict[str, Counts]]


_memo: dict[str, dict[int, str]] | None = None


@contextmanager
def shared_keys() -> Iterator[None]:
    """Within the block, each subtree's id -> child map is read once (many sections ask)."""
    global _memo
    outer, _memo = _memo, {} if _memo is None else _memo
    try:
        yield
    finally:
        _memo = outer


def child_keys(region: Region) -> dict[int, str]:
    """Every region id in `region`'s subtree -> the code of the child it lies under
    (WHOLE for the region itself)."""
    if _memo is not None and region.path in _memo:
        return _memo[region.path]
    out: dict[int, str] = {}
    cut_from = len(region.path)
    for pk, path in Region.objects.filter(subtree_q(region.path)).values_list("id", "path"):
        cut = path.find(PATH_SEP, cut_from)
        out[pk] = path[cut_from:cut] if cut >= 0 else WHOLE
    if _memo is not None:
        _memo[region.path] = out
    return out


class Split:
    """Rows of a subtree grouped by their (leaf) region id, keyed here by child code.

    Grouping by an integer and mapping ids in Python is far cheaper than cutting each
    row's path in SQL; without `per_child` the rows are not grouped by region at all.
    """

    def __init__(self, region: Region, fk: str, *, per_child: bool) -> None:
        self.region, self.fk = region, fk
        self.keys = child_keys(region) if per_child else None

    def rows(self, qs: QuerySet[Any], *dims: str) -> QuerySet[Any]:
        ids = Region.objects.filter(subtree_q(self.region.path)).values("id")
        qs = qs.filter(**{f"{self.fk}__in": ids}).order_by()
        # Without dims the rows are grouped by region anyway (`.values()` must name a column).
        return qs.values(self.fk, *dims) if self.keys is not None or not dims else qs.values(*dims)

    def key(self, row: dict[str, Any]) -> str:
        return self.keys.get(row[self.fk], WHOLE) if self.keys is not None else WHOLE


def bucket() -> dict[str, Counts]:
    return defaultdict(lambda: defaultdict(float))


def total(by_child: dict[str, Counts]) -> Counts:
    out: Counts = defaultdict(float)
    for counts in by_child.values():
        for name, value in counts.items():
            out[name] += value
    return out


def local_start(day: date) -> datetime:
    """The first instant of a local (Asia/Shanghai) day: periods are [start, end) of days."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def tallied(tally: Tally, present: Callable[[Counts], dict[str, Figure]]) -> tuple[
        Callable[..., dict[str, Figure]], Callable[..., dict[str, dict[str, Figure]]]]:
    """`compute` and `compute_children` of a figures module from its tally and presenter."""

    def compute(*, region: Region, start: date, end: date) -> dict[str, Figure]:
        return present(total(tally(region, start, end, False)))

    def compute_children(*, region: Region, start: date,
                         end: date) -> dict[str, dict[str, Figure]]:
        rows = tally(region, start, end, True)
        kids = Region.objects.filter(parent=region).values_list("code", flat=True)
        return {code: present(rows.get(code, defaultdict(float))) for code in kids}

    return compute, compute_children
