"""Reads: a reporter's list, a handler's queue, nearby open reports, timelines, figures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import RegionScope, region_scope
from nuanxin.core.errors import NotFound, PermissionDenied
from nuanxin.regions.geo import haversine_m
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.reports.ladder import HANDLER_ROLES
from nuanxin.reports.models import Category, Rating, Report, ReportEvent
from nuanxin.reports.states import FINAL_STATES, OPEN_STATES, WORKING, Status

DUE_SOON = timedelta(hours=24)
LIVE = (*OPEN_STATES, *WORKING)


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("sort", "id")


def base() -> QuerySet[Report]:
    return Report.objects.select_related("category", "region", "reporter")


def mine(user: User) -> QuerySet[Report]:
    return base().filter(reporter=user).order_by("-created_at", "-id")


def handler_scope(user: User) -> RegionScope:
    return region_scope(user, roles=HANDLER_ROLES)


def is_handler_for(user: User, report: Report) -> bool:
    return handler_scope(user).covers(report.region)


def get_report(report_id: int) -> Report:
    report = base().filter(pk=report_id).first()
    if report is None:
        raise NotFound("随手拍不存在", field="id")
    return report


def visible_to(user: User | None, report: Report) -> bool:
    """Anyone may see a report's public face; the handler side is for the region's staff."""
    return True


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
    now = timezone.now()
    qs = handler_scope(user).filter(base(), "region")
    if status == "open" or not status:
        qs = qs.filter(status__in=LIVE)
    elif status == "follow_up":
        qs = qs.filter(status__in=(Status.RESOLVED, Status.ANSWERED))
    elif status != "all":
        qs = qs.filter(status=status)
    overdue = (Q(status__in=(Status.SUBMITTED, Status.RETURNED), accept_due_at__lte=now)
               | Q(status__in=WORKING, resolve_due_at__lte=now))
    if overdue_only:
        qs = qs.filter(overdue)
    return qs.annotate(
        late=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("late", "accept_due_at", "resolve_due_at", "-id")


def is_overdue(r: Report) -> bool:
    now = timezone.now()
    if r.status in (Status.SUBMITTED, Status.RETURNED):
        return bool(r.accept_due_at and r.accept_due_at <= now)
    if r.status in WORKING:
        return bool(r.resolve_due_at and r.resolve_due_at <= now)
    return False


def current_due(r: Report) -> object:
    if r.status in (Status.SUBMITTED, Status.RETURNED):
        return r.accept_due_at
    if r.status in WORKING:
        return r.resolve_due_at
    return None


def nearby_open(category_code: str, lng: float, lat: float, radius_m: float = 100,
                limit: int = 5) -> list[tuple[Report, float]]:
    """Open reports of the same category within `radius_m`, nearest first."""
    dlat = radius_m / 111_000
    dlng = radius_m / (111_000 * max(math.cos(math.radians(lat)), 0.1))
    qs = base().filter(category__code=category_code, status__in=LIVE,
                       lat__gte=lat - dlat, lat__lte=lat + dlat,
                       lng__gte=lng - dlng, lng__lte=lng + dlng)
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


def figures(region: Region) -> Figures:
    """The counts and rates for everything whose home lies under `region` (one query)."""
    now = timezone.now()
    overdue = (Q(status__in=(Status.SUBMITTED, Status.RETURNED), accept_due_at__lte=now)
               | Q(status__in=WORKING, resolve_due_at__lte=now))
    soon = (Q(status__in=(Status.SUBMITTED, Status.RETURNED), accept_due_at__gt=now,
              accept_due_at__lte=now + DUE_SOON)
            | Q(status__in=WORKING, resolve_due_at__gt=now, resolve_due_at__lte=now + DUE_SOON))
    agg = Report.objects.filter(subtree_q(region.path, "home_region__path")).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=LIVE)),
        overdue=Count("id", filter=overdue),
        due_soon=Count("id", filter=soon),
        returned=Count("id", filter=Q(status=Status.RETURNED)),
        escalated=Count("id", filter=Q(escalations__gt=0) & ~Q(status__in=FINAL_STATES)),
        finished=Count("id", filter=Q(finished_on_time__isnull=False)),
        on_time=Count("id", filter=Q(finished_on_time=True)),
        rated=Count("id", filter=~Q(rating="")),
        happy=Count("id", filter=Q(rating__in=(Rating.SATISFIED, Rating.BASIC))),
    )
    return Figures(
        region=region, total=agg["total"], open=agg["open"], overdue=agg["overdue"],
        due_soon=agg["due_soon"], returned=agg["returned"], escalated=agg["escalated"],
        finished=agg["finished"],
        on_time_rate=(agg["on_time"] / agg["finished"]) if agg["finished"] else None,
        rated=agg["rated"],
        satisfaction_rate=(agg["happy"] / agg["rated"]) if agg["rated"] else None,
    )


def figures_below(region: Region) -> list[Figures]:
    """Figures of the region itself, then of each child region."""
    kids = list(Region.objects.filter(parent=region).order_by("code")[:60])
    return [figures(region), *[figures(k) for k in kids]]
