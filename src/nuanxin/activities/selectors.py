"""Reads of activities: what is near, what a worker can join, rosters, a user's seats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.activities import rules
from nuanxin.activities.models import ACTIVE_SIGNUP, Activity, ActivityStatus, Signup, SignupStatus
from nuanxin.activities.services import ATTENDANCE_ROLES, queue_position
from nuanxin.kernel.coords import to_wgs84
from nuanxin.kernel.errors import DomainError, NotFound
from nuanxin.people.models import Worker
from nuanxin.regions.geo import bbox, haversine_m

MAX_RADIUS_KM = 100.0


def with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("region", "station", "plan").annotate(
        n_attending=Count("signups", filter=Q(signups__status=SignupStatus.ATTENDING)),
        n_waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
    )


def get_activity(activity_id: int) -> Activity:
    activity = with_counts(Activity.objects.filter(pk=activity_id)).first()
    if activity is None:
        raise NotFound("活动不存在", field="activity")
    return activity


def parse_near(near: str, crs: str = "wgs84") -> tuple[float, float]:
    """'lat,lng' in `crs` -> WGS-84 (lng, lat)."""
    parts = (near or "").replace("，", ",").split(",")
    try:
        lat, lng = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        raise DomainError("位置格式应为“纬度,经度”，例如 35.24,115.47", field="near") from None
    if len(parts) != 2 or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise DomainError("位置格式应为“纬度,经度”，且在有效范围内", field="near")
    return to_wgs84(lng, lat, crs)


def upcoming(now: datetime | None = None) -> QuerySet[Activity]:
    now = now or timezone.now()
    return Activity.objects.filter(status=ActivityStatus.PUBLISHED, ends_at__gt=now)


@dataclass
class Found:
    activity: Activity
    distance_m: float | None


def near(lng: float, lat: float, radius_km: float, qs: QuerySet[Activity]) -> list[Found]:
    """Activities within `radius_km`, nearest first: an indexed box, then exact distance."""
    if not 0 < radius_km <= MAX_RADIUS_KM:
        raise DomainError(f"搜索半径应在0到{MAX_RADIUS_KM:g}公里之间", field="radius_km")
    min_lng, min_lat, max_lng, max_lat = bbox(lng, lat, radius_km * 1000)
    box = qs.filter(lat__gte=min_lat, lat__lte=max_lat, lng__gte=min_lng, lng__lte=max_lng)
    found = [Found(a, haversine_m(lng, lat, a.lng, a.lat)) for a in with_counts(box)]
    found = [f for f in found if f.distance_m is not None and f.distance_m <= radius_km * 1000]
    return sorted(found, key=lambda f: (f.distance_m, f.activity.starts_at))


def for_worker(qs: QuerySet[Activity], worker: Worker) -> QuerySet[Activity]:
    """Only activities whose region and kinds include this worker."""
    path = worker.work_region.path
    prefixes = [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]
    return qs.filter(region__path__in=prefixes).filter(
        Q(worker_kinds="") | Q(worker_kinds__contains=f",{worker.kind},"))


def open_for_signup(qs: QuerySet[Activity], now: datetime) -> QuerySet[Activity]:
    """Only those taking sign-ups right now (opened, not closed, not started)."""
    return qs.filter(signup_opens_at__lte=now, signup_closes_at__gt=now, starts_at__gt=now)


def why_not(activity: Activity, worker: Worker | None, now: datetime) -> str:
    """'' when this worker may sign up now, else the reason in Chinese."""
    if worker is None:
        return "登记为新就业群体后可报名"
    try:
        rules.check_for_worker(activity, worker)
        rules.check_window(activity, now)
    except DomainError as e:
        return e.message
    return ""


def seats_left(activity: Activity) -> int:
    taken = getattr(activity, "n_attending", None)
    if taken is None:
        taken = activity.signups.filter(status=SignupStatus.ATTENDING).count()
    return max(0, activity.capacity - taken)


def waitlist_left(activity: Activity) -> int:
    waiting = getattr(activity, "n_waiting", None)
    if waiting is None:
        waiting = activity.signups.filter(status=SignupStatus.WAITLISTED).count()
    return max(0, activity.waitlist_size - waiting)


def my_signups(user: User, activity: Activity) -> list[tuple[Signup, int | None]]:
    if not user.is_authenticated:
        return []
    rows = Signup.objects.filter(activity=activity, user=user, status__in=ACTIVE_SIGNUP)
    return [(s, queue_position(s)) for s in rows]


def my_activities(user: User) -> QuerySet[Signup]:
    return (Signup.objects.filter(user=user, status__in=ACTIVE_SIGNUP)
            .select_related("activity", "activity__station").order_by("activity__starts_at"))


def managed_by(user: User) -> QuerySet[Activity]:
    """Activities whose region the user organises or helps at (roster, attendance)."""
    return region_scope(user, roles=ATTENDANCE_ROLES).filter(Activity.objects.all(), "region")


def roster(activity: Activity) -> QuerySet[Signup]:
    return (Signup.objects.filter(activity=activity).select_related("user", "user__worker")
            .order_by("status", "id"))


def roster_with_positions(activity: Activity) -> list[tuple[Signup, int | None]]:
    """The roster with each waiting row's queue place, counted in the one pass (no query a row).

    Same rule as services.queue_position: waiting rows in id order, first come first served.
    """
    rows: list[tuple[Signup, int | None]] = []
    waiting = 0
    for s in roster(activity):
        pos = None
        if s.status == SignupStatus.WAITLISTED:
            waiting += 1
            pos = waiting
        rows.append((s, pos))
    return rows
