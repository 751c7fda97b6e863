"""两个覆盖: for a region, each worker group (kind × platform) working there is

- organisation-covered when an organisation at, above or inside the region declares it
  (its kinds, and its platforms or none);
- work-covered when a party-and-public activity (activities, category 党群活动) for it —
  same region rule, the kind listed or no kind limit — took place in the quarter (92 days)
  before the end date and was not cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from nuanxin.activities.models import Activity, ActivityStatus, Category
from nuanxin.party.models import Organisation
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.regions.selectors import children

QUARTER_DAYS = 92
PARTY_CATEGORY = Category.PARTY_PUBLIC


@dataclass(frozen=True)
class Group:
    kind: str
    platform: str
    workers: int
    organised: bool
    worked: bool

    @property
    def label(self) -> str:
        return f"{WorkerKind(self.kind).label}·{self.platform or '未填平台'}"


@dataclass(frozen=True)
class Coverage:
    region: Region
    groups: list[Group]

    @property
    def total(self) -> int:
        return len(self.groups)

    @property
    def organised(self) -> int:
        return sum(g.organised for g in self.groups)

    @property
    def worked(self) -> int:
        return sum(g.worked for g in self.groups)

    @staticmethod
    def _pct(n: int, total: int) -> float | None:
        return round(100 * n / total, 1) if total else None

    @property
    def organisation_pct(self) -> float | None:
        return self._pct(self.organised, self.total)

    @property
    def work_pct(self) -> float | None:
        return self._pct(self.worked, self.total)

    @property
    def uncovered(self) -> list[Group]:
        return [g for g in self.groups if not (g.organised and g.worked)]


def _around(region: Region, field: str) -> Q:
    """Rows whose region is the region, one of its ancestors, or inside it."""
    ancestors = []
    parts = [p for p in region.path.split("/") if p]
    for i in range(1, len(parts)):
        ancestors.append("/".join(parts[:i]) + "/")
    return Q(**{f"{field}__path__in": ancestors}) | subtree_q(region.path, f"{field}__path")


def coverage(region: Region, *, end: date | None = None) -> Coverage:
    end = end or timezone.localdate() + timedelta(days=1)
    rows = (Worker.objects.filter(subtree_q(region.path, "work_region__path"))
            .values("kind", "platform").annotate(n=Count("id")).order_by())
    sizes = {(r["kind"], r["platform"]): r["n"] for r in rows}
    orgs = list(Organisation.objects.filter(_around(region, "region"))
                .exclude(worker_kinds="").only("worker_kinds", "platforms"))
    tz = timezone.get_current_timezone()
    until = datetime.combine(end, time.min, tzinfo=tz)
    acts = (Activity.objects.filter(_around(region, "region"), category=PARTY_CATEGORY,
                                    starts_at__gte=until - timedelta(days=QUARTER_DAYS),
                                    starts_at__lt=until)
            .exclude(status=ActivityStatus.CANCELLED).values_list("worker_kinds", flat=True))
    act_kinds = [[k for k in w.split(",") if k] for w in acts]
    groups = []
    for (kind, platform), n in sorted(sizes.items()):
        organised = any(kind in o.kinds and (not o.platform_list or platform in o.platform_list)
                        for o in orgs)
        worked = any(not ks or kind in ks for ks in act_kinds)
        groups.append(Group(kind, platform, n, organised, worked))
    return Coverage(region, groups)


def drill(region: Region, *, end: date | None = None) -> list[Coverage]:
    """The coverage of each child region (the next level down)."""
    return [coverage(child, end=end) for child in children(region)]
