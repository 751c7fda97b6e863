"""Counting records by region for the figures: one grouped query for a region's children.

An app's `figures.py` filters its rows to a subtree with `subtree_q` and groups them by
`child_key(region, "<fk>__path")`: the code of the child of `region` whose subtree holds
the row. So "the figures of every child" costs the same one query as "the figures of the
region", not one query per child; `tallied` turns that into the two plug-in functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Func, Value
from django.db.models.functions import Left, StrIndex, Substr

from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import PATH_SEP, Region

WHOLE = ""  # the key of rows held at the asked region itself (under no child)
Counts = dict[str, float]
# (region, start, end, per_child) -> {child code or WHOLE: {name: value}}
Tally = Callable[[Region, date, date, bool], dict[str, Counts]]


def child_key(region: Region, path_field: str, *, per_child: bool) -> Func | Value:
    """SQL: the code of `region`'s child whose subtree holds the row, by its path field."""
    if not per_child:
        return Value(WHOLE)
    rest = Substr(path_field, len(region.path) + 1)
    return Left(rest, StrIndex(rest, Value(PATH_SEP)) - 1)


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
