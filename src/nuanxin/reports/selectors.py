"""Reads: a reporter's list, a handler's queue, nearby open reports, timelines, figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import RegionScope, region_scope
from nuanxin.kernel.errors import DomainError, NotFound, PermissionDenied
from nuanxin.regions.geo import bbox, haversine_m
from nuanxin.regions.models import PATH_SEP, Region
from nuanxin.regions.paths import subtree_q
from nuanxin.reports.ladder import HANDLER_ROLES, handler_roles
from nuanxin.reports.models import Category, Origin, Rating, Report, ReportEvent
from nuanxin.reports.states import FINAL_STATES, OPEN_STATES, WORKING, Status

DUE_SOON = timedelta(hours=24)
LIVE = (*OPEN_STATES, *WORKING)
QUEUE_TABS = ("", "open", "follow_up", "all")
NOT_HANDLER = "只有网格员、社区及街道、县区工作人员可以查看承办队列"


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("sort", "id")


def base() -> QuerySet[Report]:
    return Report.objects.select_related("category", "region", "home_region", "reporter")


def mine(user: User) -> QuerySet[Report]:
    return base().filter(reporter=user).order_by("-created_at", "-id")


def handler_scope(user: User) -> RegionScope:
    return region_scope(user, roles=HANDLER_ROLES)


def is_handler_for(user: User, report: Report) -> bool:
    """Property matters are also open to the community's property company."""
    return region_scope(user, roles=handler_roles(report.origin, report.handler_kind)).covers(report.region)


# A handler has looked at the report: before that a photo may show a face or a plate.
PHOTOS_PUBLIC = (Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED, Status.ANSWERED,
                 Status.CLOSED)
PUBLIC_DECIMALS = 4  # about 10 m: enough to find the street, not the doorway


def sees_all_of(user: User | None, report: Report) -> bool:
    """The reporter and the report's handlers see its name, exact point and every photo."""
    return user is not None and (report.reporter_id == user.pk or is_handler_for(user, report))


def photos_visible(report: Report, user: User | None) -> bool:
    return report.status in PHOTOS_PUBLIC or sees_all_of(user, report)


def public_point(lng: float, lat: float) -> tuple[float, float]:
    return round(lng, PUBLIC_DECIMALS), round(lat, PUBLIC_DECIMALS)


def get_report(report_id: int) -> Report:
    """A report as the public and the snap pages see it: mediation cases are not reports
    anyone may open here (their parties' dispute is read on the mediation pages)."""
    report = base().exclude(origin=Origin.MEDIATION).filter(pk=report_id).first()
    if report is None:
        raise NotFound("随手拍不存在", field="id")
    return report


def get_for_handler(user: User, report_id: int) -> Report:
    report = get_report(report_id)
    if not is_handler_for(user, report) and not handler_scope(user).covers(report.home_region):
        raise PermissionDenied("该随手拍不在您的辖区")
    return report


def timeline(report: Report, *, internal: bool) -> list[ReportEvent]:
    qs = report.events.select_related("actor").order_by("created_at", "id")
    if not internal:
        qs = qs.filter(public=True)
    return list(qs)


def queue(user: User, *, status: str = "", overdue_only: bool = False) -> QuerySet[Report]:
    """The handler's area, open work first and overdue first, then by the nearest deadline."""
    if status not in QUEUE_TABS and status not in Status.values:
        raise DomainError("状态只能是：open、follow_up、all 或某一办理状态（如 submitted）",
                          field="status")
    now = timezone.now()
    # Mediation cases hold parties' data: they are worked from the mediation pages.
    qs = handler_scope(user).filter(base(), "region").exclude(origin=Origin.MEDIATION)
    if status == "open" or not status:
        qs = qs.filter(status__in=LIVE)
    elif status == "follow_up":
        qs = qs.filter(status__in=(Status.RESOLVED, Status.ANSWERED))
    elif status != "all":
        qs = qs.filter(status=status)
    overdue = _overdue_q(now)
    if overdue_only:
        qs = qs.filter(overdue)
    # The deadline the card shows (current_due): to accept while waiting, to finish while
    # being worked on; overdue first, then the nearest deadline, those without one last.
    return qs.annotate(
        late=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField()),
        due=Case(When(status__in=(Status.SUBMITTED, Status.RETURNED), then=F("accept_due_at")),
                 When(status__in=WORKING, then=F("resolve_due_at")), default=None),
    ).order_by("late", F("due").asc(nulls_last=True), "-id")


def _overdue_q(now: datetime) -> Q:
    return (Q(status__in=(Status.SUBMITTED, Status.RETURNED), accept_due_at__lte=now)
            | Q(status__in=WORKING, resolve_due_at__lte=now))


def queue_counts(user: User) -> dict[str, int]:
    """The numbers on the queue's tabs (one query): each tab is also its filter."""
    qs = handler_scope(user).filter(Report.objects.exclude(origin=Origin.MEDIATION), "region")
    return qs.aggregate(
        open=Count("id", filter=Q(status__in=LIVE)),
        overdue=Count("id", filter=_overdue_q(timezone.now())),
        submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
        returned=Count("id", filter=Q(status=Status.RETURNED)),
        follow_up=Count("id", filter=Q(status__in=(Status.RESOLVED, Status.ANSWERED))),
    )


TRANSFER_LEVELS = ("township", "village", "grid")


def transfer_targets(user: User, report: Report, *, q: str = "",
                     limit: int = 50) -> list[Region]:
    """Where a handler may send a report: townships, communities and grids in their own
    area or under the report's township (the neighbouring community is the usual case),
    by name or code; not the current handler."""
    town = report.region
    while town.level not in ("township", "county", "city") and town.parent_id:
        town = town.parent  # type: ignore[assignment]
    qs = Region.objects.filter(level__in=TRANSFER_LEVELS).exclude(pk=report.region_id)
    scope = handler_scope(user)
    if not scope.everything:  # an empty Q() would vanish from the OR below
        qs = qs.filter(scope.q("") | subtree_q(town.path, "path"))
    needle = q.strip()
    if needle:
        qs = qs.filter(Q(name__contains=needle) | Q(code__startswith=needle))
    return list(qs.select_related("parent").order_by("path")[:limit])


def is_overdue(r: Report) -> bool:
    now = timezone.now()
    if r.status in (Status.SUBMITTED, Status.RETURNED):
        return bool(r.accept_due_at and r.accept_due_at <= now)
    if r.status in WORKING:
        return bool(r.resolve_due_at and r.resolve_due_at <= now)
    return False


def current_due(r: Report) -> datetime | None:
    if r.status in (Status.SUBMITTED, Status.RETURNED):
        return r.accept_due_at
    if r.status in WORKING:
        return r.resolve_due_at
    return None


def nearby_open(category_code: str, lng: float, lat: float, radius_m: float = 100,
                limit: int = 5) -> list[tuple[Report, float]]:
    """Open reports of the same category within `radius_m`, nearest first."""
    min_lng, min_lat, max_lng, max_lat = bbox(lng, lat, radius_m)
    qs = base().exclude(origin=Origin.MEDIATION).filter(
        category__code=category_code, status__in=LIVE,
        lat__gte=min_lat, lat__lte=max_lat, lng__gte=min_lng, lng__lte=max_lng)
    found = [(r, haversine_m(lng, lat, r.lng, r.lat)) for r in qs[:200]]
    return sorted([f for f in found if f[1] <= radius_m], key=lambda f: f[1])[:limit]


@dataclass
class Figures:
    region: Region
    total: int
    open: int
    overdue: int
    due_soon: int
    returned: int
    escalated: int
    finished: int
    on_time_rate: float | None
    rated: int
    satisfaction_rate: float | None

    @classmethod
    def of(cls, region: Region, c: dict[str, int]) -> Figures:
        return cls(
            region=region, total=c["total"], open=c["open"], overdue=c["overdue"],
            due_soon=c["due_soon"], returned=c["returned"], escalated=c["escalated"],
            finished=c["finished"],
            on_time_rate=(c["on_time"] / c["finished"]) if c["finished"] else None,
            rated=c["rated"],
            satisfaction_rate=(c["happy"] / c["rated"]) if c["rated"] else None,
        )


def _counts() -> dict[str, Count]:
    """The conditional counts behind Figures, for `aggregate` or a grouped `annotate`."""
    now = timezone.now()
    overdue = (Q(status__in=(Status.SUBMITTED, Status.RETURNED), accept_due_at__lte=now)
               | Q(status__in=WORKING, resolve_due_at__lte=now))
    soon = (Q(status__in=(Status.SUBMITTED, Status.RETURNED), accept_due_at__gt=now,
              accept_due_at__lte=now + DUE_SOON)
            | Q(status__in=WORKING, resolve_due_at__gt=now, resolve_due_at__lte=now + DUE_SOON))
    return {
        "total": Count("id"),
        "open": Count("id", filter=Q(status__in=LIVE)),
        "overdue": Count("id", filter=overdue),
        "due_soon": Count("id", filter=soon),
        "returned": Count("id", filter=Q(status=Status.RETURNED)),
        "escalated": Count("id", filter=Q(escalations__gt=0) & ~Q(status__in=FINAL_STATES)),
        "finished": Count("id", filter=Q(finished_on_time__isnull=False)),
        "on_time": Count("id", filter=Q(finished_on_time=True)),
        "rated": Count("id", filter=~Q(rating="")),
        "happy": Count("id", filter=Q(rating__in=(Rating.SATISFIED, Rating.BASIC))),
    }


def _under(region: Region) -> QuerySet[Report]:
    return Report.objects.filter(subtree_q(region.path, "home_region__path")).exclude(
        origin=Origin.MEDIATION)


def figures(region: Region) -> Figures:
    """The counts and rates for everything whose home lies under `region` (one query)."""
    return Figures.of(region, _under(region).aggregate(**_counts()))


def figures_below(region: Region) -> list[Figures]:
    """Figures of the region itself, then of each child region.

    One grouped query (per home region) rolled up here by the child each path runs
    through, rather than one aggregate per child (a city has dozens).
    """
    kids = list(Region.objects.filter(parent=region).order_by("code")[:60])
    by_path = {k.path: Counter[str]() for k in kids}
    own: Counter[str] = Counter()
    rows = _under(region).values("home_region__path").annotate(**_counts()).order_by()
    for row in rows:
        path = row["home_region__path"]
        counts = {k: v for k, v in row.items() if k != "home_region__path"}
        own.update(counts)
        cut = path.find(PATH_SEP, len(region.path))
        if cut >= 0 and path[:cut + 1] in by_path:
            by_path[path[:cut + 1]].update(counts)
    zero = dict.fromkeys(_counts(), 0)
    return [Figures.of(region, {**zero, **own}),
            *[Figures.of(k, {**zero, **by_path[k.path]}) for k in kids]]


LIVE_FILTERS = {"waiting": "待签收", "due_soon": "临期", "overdue": "超期"}


def live_in(region: Region, which: str) -> QuerySet[Report]:
    """Reports whose home lies under `region` that wait for acceptance, fall due within a
    day, or are past due (the records behind the dashboard's queue figures), oldest due first."""
    now = timezone.now()
    waiting = (Status.SUBMITTED, Status.RETURNED)
    filters = {
        "waiting": Q(status=Status.SUBMITTED),
        "due_soon": (Q(status__in=waiting, accept_due_at__gt=now,
                       accept_due_at__lte=now + DUE_SOON)
                     | Q(status__in=WORKING, resolve_due_at__gt=now,
                         resolve_due_at__lte=now + DUE_SOON)),
        "overdue": (Q(status__in=waiting, accept_due_at__lte=now)
                    | Q(status__in=WORKING, resolve_due_at__lte=now)),
    }
    if which not in filters:
        raise DomainError("类型只能是：waiting（待签收）、due_soon（临期）或 overdue（超期）",
                          field="which")
    return (base().exclude(origin=Origin.MEDIATION).select_related("home_region")
            .filter(subtree_q(region.path, "home_region__path")).filter(filters[which])
            .order_by("accept_due_at", "resolve_due_at", "id"))


def report_places_on(start: datetime, end: datetime) -> list[tuple[float, float, int]]:
    """(lng, lat, reporter id) of reports submitted in [start, end): where riders needed
    help, for demand counting (the caller keeps only cells and counts)."""
    return list(Report.objects.filter(created_at__gte=start, created_at__lt=end)
                .values_list("lng", "lat", "reporter_id"))


def case(case_id: int) -> Report:
    """A case opened by another app, for that app to show its state and deadlines."""
    found = base().filter(pk=case_id).first()
    if found is None:
        raise NotFound("工单不存在", field="id")
    return found


def case_timeline(case_id: int) -> list[ReportEvent]:
    return list(ReportEvent.objects.filter(report_id=case_id).select_related("actor")
                .order_by("created_at", "id"))
