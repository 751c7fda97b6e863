"""The department's figures for a region in scope, cached briefly with their "as of" time.

Figures are counted from records by each app's `figures.py`; the page and the API read
them through here. A cached answer carries the moment it was counted ("数据截至 HH:MM").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import STAFF_ROLES
from nuanxin.dashboard import sections
from nuanxin.dashboard.periods import Period
from nuanxin.kernel.errors import NotFound, PermissionDenied
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import children, get_region, roots

T = TypeVar("T")
V = TypeVar("V")
NOT_STAFF = "只有各级工作人员可以查看数据看板"


@dataclass(frozen=True)
class Snapshot(Generic[V]):
    value: V
    as_of: datetime

    @property
    def stamp(self) -> str:
        return f"数据截至 {timezone.localtime(self.as_of):%H:%M}"


def ttl() -> int:
    return int(getattr(settings, "NUANXIN_FIGURES_TTL", 300))


def _cached(key: str, fn: Callable[[], T]) -> Snapshot[T]:
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    snap = Snapshot(fn(), timezone.now())
    cache.set(key, snap, ttl())
    return snap


def home_region(user: object) -> Region:
    """The region a staff member looks at first: the top of their scope."""
    scope = region_scope(user, roles=STAFF_ROLES)
    if scope.is_empty:
        raise PermissionDenied(NOT_STAFF)
    if scope.everything:
        root = roots().first()
        if root is None:
            raise NotFound("尚未导入行政区划", field="region")
        return root
    return get_region(scope.paths[0].strip("/").split("/")[-1], field="region")


def region_for(user: object, code: str | None, *, field: str = "region") -> Region:
    """The asked region (or the user's own), refused when it lies outside the user's scope."""
    if not code:
        return home_region(user)
    region = get_region(code, field=field)
    scope = region_scope(user, roles=STAFF_ROLES)
    if scope.is_empty:
        raise PermissionDenied(NOT_STAFF)
    if not scope.covers(region):
        raise PermissionDenied("该区划不在您的管辖范围内", field=field)
    return region


def figures(region: Region, period: Period, *, fresh: bool = False) -> Snapshot[sections.Figures]:
    def count() -> sections.Figures:
        return sections.compute(region, period.start, period.end)
    if fresh:
        return Snapshot(count(), timezone.now())
    return _cached(f"dash:fig:{region.code}:{period.start}:{period.end}", count)


def child_figures(region: Region, period: Period) -> Snapshot[list[tuple[Region,
                                                                        sections.Figures]]]:
    def count() -> list[tuple[Region, sections.Figures]]:
        kids = list(children(region))
        rows = sections.compute_children(region, kids, period.start, period.end)
        return [(k, rows[k.code]) for k in kids]
    return _cached(f"dash:kids:{region.code}:{period.start}:{period.end}", count)


def monthly(region: Region, period: Period) -> Snapshot[list[tuple[Period, sections.Figures]]]:
    """The figures of each month of the period (for the trend charts)."""
    def count() -> list[tuple[Period, sections.Figures]]:
        return [(m, sections.compute(region, m.start, m.end)) for m in period.months()]
    return _cached(f"dash:months:{region.code}:{period.start}:{period.end}", count)
