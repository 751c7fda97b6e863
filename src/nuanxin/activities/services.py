"""Writes for activities: publish, sign up, cancel (with promotion), attendance, and the
back office's edits of activities and care plans.

Lock: the `Activity` row (select_for_update). Every change to who holds a seat or a
place in the queue takes it first and recounts inside it, so the last seat is never
given twice and the queue order is the order the lock was won in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import Role
from nuanxin.activities import rules
from nuanxin.activities.models import (
    ACTIVE_SIGNUP,
    Activity,
    ActivityStatus,
    Cadence,
    CarePlan,
    Category,
    Signup,
    SignupStatus,
)
from nuanxin.kernel.coords import to_wgs84
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.notifications.services import notify
from nuanxin.people.kinds import encode_kinds
from nuanxin.points.models import Reason
from nuanxin.points.services import award_points
from nuanxin.regions.models import Region
from nuanxin.stations.models import Station

# Who may publish activities and run their rosters, for their region's subtree.
ORGANISER_ROLES: set[str] = {Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF,
                             Role.CITY_ADMIN, Role.PARTY_STAFF}
# Who may also mark attendance on the day (the station's operator helps at the door).
ATTENDANCE_ROLES: set[str] = ORGANISER_ROLES | {Role.GRID_WORKER, Role.STATION_OPERATOR}


@dataclass
class ActivityDraft:
    """What a publisher fills in. The API's DraftIn and the page's PublishForm carry the same
    fields (the API says `region`, the page `region`/`station`); a test keeps them in step."""

    title: str
    category: str
    cadence: str
    region_code: str
    starts_at: datetime
    ends_at: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime
    capacity: int
    waitlist_size: int = 0
    station_id: int | None = None
    address: str = ""
    lng: float | None = None
    lat: float | None = None
    crs: str = "wgs84"
    worker_kinds: list[str] = field(default_factory=list)
    description: str = ""
    for_children: bool = False
    child_min_age: int | None = None
    child_max_age: int | None = None
    points: int | None = None
    organiser: str = ""
    plan_id: int | None = None


def _place(d: ActivityDraft) -> tuple[Station | None, str, float, float]:
    if d.station_id is not None:
        station = Station.objects.filter(pk=d.station_id).first()
        if station is None:
            raise DomainError("所选站点不存在", field="station")
        return station, d.address or station.address, station.lng, station.lat
    if not d.address.strip():
        raise DomainError("请选择活动站点，或填写活动地址", field="address")
    if d.lng is None or d.lat is None:
        raise DomainError("请在地图上标出活动地点（经纬度）", field="lat")
    lng, lat = to_wgs84(d.lng, d.lat, d.crs)
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise DomainError("经纬度超出范围", field="lat")
    return None, d.address.strip(), lng, lat


def check_draft(d: ActivityDraft) -> None:
    if not d.title.strip():
        raise DomainError("请填写活动名称", field="title")
    for name, label in (("title", "活动名称"), ("address", "活动地址"), ("organiser", "主办单位")):
        limit: int = getattr(Activity._meta.get_field(name), "max_length", 0)
        if len(getattr(d, name).strip()) > limit:  # PostgreSQL would refuse the row
            raise DomainError(f"{label}不能超过{limit}个字", field=name)
    if d.category not in Category.values:
        raise DomainError("活动类别不正确", field="category")
    if d.cadence not in Cadence.values:
        raise DomainError("活动节奏不正确", field="cadence")
    if d.ends_at <= d.starts_at:
        raise DomainError("结束时间应晚于开始时间", field="ends_at")
    if d.signup_closes_at <= d.signup_opens_at:
        raise DomainError("报名截止时间应晚于报名开始时间", field="signup_closes_at")
    if d.signup_closes_at > d.starts_at:
        raise DomainError("报名应在活动开始前截止", field="signup_closes_at")
    if d.capacity < 1:
        raise DomainError("名额至少为1", field="capacity")
    if d.waitlist_size < 0:
        raise DomainError("候补名额不能为负数", field="waitlist_size")
    if d.points is not None and d.points < 0:
        raise DomainError("签到积分不能为负数", field="points")
    if d.for_children and d.child_max_age is None:
        raise DomainError("子女活动请填写适合的年龄范围", field="child_max_age")
    if (d.child_min_age is not None and d.child_max_age is not None
            and d.child_min_age > d.child_max_age):
        raise DomainError("子女最小年龄不能大于最大年龄", field="child_min_age")


def publish_activity(*, actor: User, draft: ActivityDraft) -> Activity:
    """Publish an activity for a region the actor organises."""
    region = Region.objects.filter(code=draft.region_code).first()
    if region is None:
        raise DomainError(f"区划代码“{draft.region_code}”不存在", field="region")
    if not can(actor, ORGANISER_ROLES, region):
        raise PermissionDenied(f"您无权在{region.name}发布活动")
    check_draft(draft)
    station, address, lng, lat = _place(draft)
    plan = CarePlan.objects.filter(pk=draft.plan_id).first() if draft.plan_id else None
    if draft.plan_id and plan is None:
        raise DomainError("所选年度计划不存在", field="plan_id")
    return Activity.objects.create(
        plan=plan, cadence=draft.cadence, category=draft.category, title=draft.title.strip(),
        description=draft.description, region=region,
        worker_kinds=encode_kinds(draft.worker_kinds), station=station, address=address,
        lng=lng, lat=lat, starts_at=draft.starts_at, ends_at=draft.ends_at,
        signup_opens_at=draft.signup_opens_at, signup_closes_at=draft.signup_closes_at,
        capacity=draft.capacity, waitlist_size=draft.waitlist_size,
        for_children=draft.for_children, child_min_age=draft.child_min_age,
        child_max_age=draft.child_max_age, points=draft.points,
        organiser=draft.organiser.strip(),
        checkin_code=new_checkin_code(), created_by=actor,
    )


def new_checkin_code() -> str:
    return secrets.token_urlsafe(12)


def _get(activity_id: int) -> Activity:
    activity = Activity.objects.select_related("region", "station").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound("活动不存在", field="activity")
    return activity


def _locked(activity_id: int) -> Activity:
    """Take the activity lock (must be inside transaction.atomic)."""
    return Activity.objects.select_for_update().get(pk=activity_id)


def _signup_for_key(user: User, key: str) -> Signup | None:
    if not key:
        return None
    return Signup.objects.select_related("activity").filter(user=user,
                                                            idempotency_key=key).first()


def sign_up(*, user: User, activity_id: int, child_name: str = "",
            child_birth_date: date | None = None, idempotency_key: str = "") -> Signup:
    """A seat if one is free, else a place in the queue, else a 409. Nothing on refusal.

    Lock: Activity row; the seats taken and the queue length are counted inside it. A
    repeated `idempotency_key` returns the first sign-up (re-read under the lock).
    """
    key = (idempotency_key or "").strip()
    if len(key) > 64:
        raise DomainError("Idempotency-Key 不能超过64个字符", field="Idempotency-Key")
    earlier = _signup_for_key(user, key)
    if earlier is not None:
        return earlier
    activity = _get(activity_id)
    worker = rules.worker_of(user)
    child_name = child_name.strip()[:30]
    rules.check_for_worker(activity, worker)
    rules.check_window(activity, timezone.now())
    rules.check_child(activity, child_name, child_birth_date)
    try:
        with transaction.atomic():
            locked = _locked(activity.pk)
            earlier = _signup_for_key(user, key)
            if earlier is not None:  # a retry that waited for the first one's lock
                return earlier
            rules.check_window(locked, timezone.now())  # re-read under the lock
            mine = Signup.objects.filter(activity=locked, user=user, child_name=child_name,
                                         status__in=ACTIVE_SIGNUP)
            if mine.exists():
                who = f"孩子{child_name}" if child_name else "您"
                raise Conflict(f"{who}已报名该活动，请勿重复报名", field="activity")
            taken = Signup.objects.filter(activity=locked, status=SignupStatus.ATTENDING).count()
            if taken < locked.capacity:
                status = SignupStatus.ATTENDING
            else:
                queued = Signup.objects.filter(activity=locked,
                                               status=SignupStatus.WAITLISTED).count()
                if queued >= locked.waitlist_size:
                    raise Conflict("名额已满，候补也已排满", field="activity")
                status = SignupStatus.WAITLISTED
            signup = Signup.objects.create(activity=locked, user=user, status=status,
                                           child_name=child_name,
                                           child_birth_date=child_birth_date,
                                           idempotency_key=key)
    except IntegrityError:  # the unique active-signup constraint: a double tap
        raise Conflict("您已报名该活动，请勿重复报名", field="activity") from None
    signup.activity = activity
    if status == SignupStatus.ATTENDING:
        notify(user, f"报名成功：{activity.title}",
               f"{rules.local_label(activity.starts_at)}，{activity.place_name}。请准时参加。",
               url=f"/activities/{activity.pk}/")
    else:
        notify(user, f"已进入候补：{activity.title}",
               f"您是候补第{queue_position(signup)}位，有人取消时将按顺序自动转为正式报名。",
               url=f"/activities/{activity.pk}/")
    return signup


def queue_position(signup: Signup) -> int | None:
    """1-based place in the waitlist (first come, first served), None if not waiting."""
    if signup.status != SignupStatus.WAITLISTED:
        return None
    return Signup.objects.filter(activity_id=signup.activity_id, status=SignupStatus.WAITLISTED,
                                 id__lte=signup.pk).count()


def _promote(activity: Activity, now: datetime) -> list[Signup]:
    """Fill free seats from the head of the queue (caller holds the activity lock)."""
    free = activity.capacity - Signup.objects.filter(
        activity=activity, status=SignupStatus.ATTENDING).count()
    if free <= 0:
        return []
    heads = list(Signup.objects.filter(activity=activity, status=SignupStatus.WAITLISTED)
                 .select_related("user").order_by("id")[:free])
    for s in heads:
        s.status, s.promoted_at = SignupStatus.ATTENDING, now
        s.save(update_fields=["status", "promoted_at"])
    return heads


def cancel_signup(*, user: User, activity_id: int, child_name: str | None = None) -> list[Signup]:
    """Cancel the user's active sign-ups (or one child's); the queue moves up at once.

    Lock: Activity row, so a promotion never races a new sign-up for the freed seat.
    """
    activity = _get(activity_id)
    now = timezone.now()
    if now >= activity.starts_at:
        raise DomainError("活动已开始，不能取消报名", field="activity")
    with transaction.atomic():
        locked = _locked(activity.pk)
        mine = Signup.objects.filter(activity=locked, user=user, status__in=ACTIVE_SIGNUP)
        if child_name is not None:
            mine = mine.filter(child_name=child_name.strip())
        cancelled = list(mine)
        if not cancelled:
            raise NotFound("您没有该活动的有效报名", field="activity")
        mine.update(status=SignupStatus.CANCELLED, cancelled_at=now)
        promoted = _promote(locked, now)
    for s in promoted:
        notify(s.user, f"候补转正：{activity.title}",
               f"有人取消了报名，您已由候补转为正式报名。{rules.local_label(activity.starts_at)}，"
               f"{activity.place_name}。", url=f"/activities/{activity.pk}/")
    return cancelled


def cancel_activity(*, actor: User, activity_id: int, reason: str) -> Activity:
    """Call an activity off; everyone signed up or waiting is told."""
    activity = _get(activity_id)
    if not can(actor, ORGANISER_ROLES, activity.region):
        raise PermissionDenied("您无权取消该活动")
    if not reason.strip():
        raise DomainError("请说明取消原因", field="reason")
    with transaction.atomic():
        locked = _locked(activity.pk)
        if locked.status == ActivityStatus.CANCELLED:
            raise Conflict("该活动已取消", field="activity")
        locked.status = ActivityStatus.CANCELLED
        locked.save(update_fields=["status"])
        people = list(User.objects.filter(
            activity_signups__activity=locked,
            activity_signups__status__in=ACTIVE_SIGNUP).distinct())
    for person in people:
        notify(person, f"活动取消：{activity.title}", f"原因：{reason.strip()[:150]}",
               url=f"/activities/{activity.pk}/")
    return locked


def _attend(signup: Signup, actor: User | None, now: datetime) -> Signup:
    """Mark attended once (conditional UPDATE) and award the points once (ledger source)."""
    with transaction.atomic():
        Signup.objects.filter(pk=signup.pk, attended_at__isnull=True).update(
            attended_at=now, attendance_by=actor)
        signup.refresh_from_db()
        activity = signup.activity
        if activity.points != 0:  # None: the city's rule; the caps apply either way
            award_points(user=signup.user, reason=Reason.ACTIVITY_ATTENDED, source=signup,
                         actor=actor, amount=activity.points, note=activity.title[:100])
    return signup


def check_in(*, user: User, activity_id: int, code: str) -> list[Signup]:
    """The worker scans the activity's QR on the day: their seats are marked attended."""
    activity = _get(activity_id)
    # compare_digest takes str only if both are ASCII: compare the UTF-8 bytes instead.
    if not secrets.compare_digest((code or "").encode(), activity.checkin_code.encode()):
        raise DomainError("签到码无效，请扫描活动现场的二维码", field="code")
    if activity.status == ActivityStatus.CANCELLED:
        raise DomainError("该活动已取消", field="activity")
    now = timezone.now()
    day = timezone.localtime(activity.starts_at).date()
    last_day = timezone.localtime(activity.ends_at).date()
    if not (day <= timezone.localtime(now).date() <= last_day):
        raise DomainError(f"只能在活动当天（{day:%m月%d日}）签到", field="code",
                          code="not_today")
    seats = list(Signup.objects.select_related("activity", "user")
                 .filter(activity=activity, user=user, status=SignupStatus.ATTENDING))
    if not seats:
        raise DomainError("您没有该活动的正式报名，请联系现场工作人员", field="activity")
    return [_attend(s, None, now) for s in seats]


def mark_attendance(*, actor: User, signup_id: int) -> Signup:
    """Staff (or the station operator) mark a seat attended from the roster."""
    signup = Signup.objects.select_related("activity__region", "user").filter(
        pk=signup_id).first()
    if signup is None:
        raise NotFound("报名记录不存在", field="signup")
    if not can(actor, ATTENDANCE_ROLES, signup.activity.region):
        raise PermissionDenied("您无权为该活动登记签到")
    if actor.pk == signup.user_id:
        raise PermissionDenied("不能为自己登记签到，请由其他工作人员登记")
    if signup.status != SignupStatus.ATTENDING:
        raise DomainError("只有正式报名的人员可以签到", field="signup")
    if timezone.now() < signup.activity.starts_at - timedelta(hours=2):
        raise DomainError("活动尚未开始，不能登记签到", field="signup", code="not_today")
    return _attend(signup, actor, timezone.now())


# The back office (admin) edits. The admin hands over the edited instance; these reload the
# stored row under its lock, check the actor's scope against BOTH the stored region and the
# new one, apply the publishing rules, and never let seats fall under those already held.


def _check_region(actor: User, region: Region | None, what: str) -> None:
    if region is None or not can(actor, ORGANISER_ROLES, region):
        name = region.name if region is not None else "该区域"
        raise PermissionDenied(f"{name}不在您的辖区内，不能{what}", field="region")


def _draft_of(a: Activity) -> ActivityDraft:
    return ActivityDraft(
        region_code=a.region.code if a.region_id else "", title=a.title, category=a.category,
        cadence=a.cadence, starts_at=a.starts_at, ends_at=a.ends_at,
        signup_opens_at=a.signup_opens_at, signup_closes_at=a.signup_closes_at,
        capacity=a.capacity, waitlist_size=a.waitlist_size, address=a.address,
        description=a.description, for_children=a.for_children,
        child_min_age=a.child_min_age, child_max_age=a.child_max_age, points=a.points,
        organiser=a.organiser)


def check_activity(*, actor: User, activity: Activity, cancel_reason: str = "") -> None:
    """Everything `save_activity` refuses, without writing (the admin form shows it per field)."""
    stored = Activity.objects.select_related("region").filter(pk=activity.pk).first() \
        if activity.pk else None
    if stored is not None:
        _check_region(actor, stored.region, "修改该活动")
    _check_region(actor, activity.region if activity.region_id else None, "把活动放在这里")
    check_draft(_draft_of(activity))
    activity.worker_kinds = encode_kinds(
        [k for k in activity.worker_kinds.split(",") if k.strip()])
    if stored is None:
        return
    if stored.status == ActivityStatus.CANCELLED and activity.status != ActivityStatus.CANCELLED:
        raise Conflict("已取消的活动不能恢复，请重新发布", field="status")
    if (stored.status != ActivityStatus.CANCELLED and activity.status == ActivityStatus.CANCELLED
            and not cancel_reason.strip()):
        raise DomainError("取消活动请说明原因（将通知已报名的人）", field="cancel_reason")
    held = stored.signups.filter(status=SignupStatus.ATTENDING).count()
    if activity.capacity < held:
        raise DomainError(f"已有{held}人报名，名额不能少于{held}", field="capacity")
    waiting = stored.signups.filter(status=SignupStatus.WAITLISTED).count()
    if activity.waitlist_size < waiting:
        raise DomainError(f"已有{waiting}人候补，候补名额不能少于{waiting}",
                          field="waitlist_size")


def save_activity(*, actor: User, activity: Activity, cancel_reason: str = "") -> Activity:
    """Save an admin edit. Setting the status to cancelled goes through `cancel_activity`,
    which tells everyone signed up. Lock: the Activity row."""
    cancelling = False
    with transaction.atomic():
        if activity.pk:
            stored = Activity.objects.select_for_update().get(pk=activity.pk)
            cancelling = (stored.status != ActivityStatus.CANCELLED
                          and activity.status == ActivityStatus.CANCELLED)
        check_activity(actor=actor, activity=activity, cancel_reason=cancel_reason)
        if cancelling:
            activity.status = ActivityStatus.PUBLISHED  # cancel_activity sets it, and tells
        if not activity.pk:
            activity.checkin_code = new_checkin_code()
            activity.created_by = actor
        activity.save()
    if cancelling:
        return cancel_activity(actor=actor, activity_id=activity.pk, reason=cancel_reason)
    return activity


def delete_activity(*, actor: User, activity_id: int) -> None:
    """Delete an activity nobody holds or waits for a place in; otherwise cancel it."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().select_related("region").filter(
            pk=activity_id).first()
        if activity is None:
            return
        _check_region(actor, activity.region, "删除该活动")
        if activity.signups.filter(status__in=ACTIVE_SIGNUP).exists():
            raise Conflict("已有人报名，不能删除；请改为取消活动（会通知报名者）",
                           field="activity")
        activity.delete()


def check_care_plan(*, actor: User, plan: CarePlan) -> None:
    stored = CarePlan.objects.select_related("region").filter(pk=plan.pk).first() \
        if plan.pk else None
    if stored is not None:
        _check_region(actor, stored.region, "修改该计划")
    _check_region(actor, plan.region if plan.region_id else None, "在此制定计划")
    if not plan.theme.strip():
        raise DomainError("请填写年度主线", field="theme")
    if not 2000 <= plan.year <= 2100:
        raise DomainError("年度应在2000年至2100年之间", field="year")


def save_care_plan(*, actor: User, plan: CarePlan) -> CarePlan:
    with transaction.atomic():
        if plan.pk:
            CarePlan.objects.select_for_update().filter(pk=plan.pk).first()
        check_care_plan(actor=actor, plan=plan)
        plan.save()
    return plan


def delete_care_plan(*, actor: User, plan_id: int) -> None:
    """A plan's activities stay (they lose the link), so only its region's organisers may."""
    with transaction.atomic():
        plan = CarePlan.objects.select_for_update().select_related("region").filter(
            pk=plan_id).first()
        if plan is None:
            return
        _check_region(actor, plan.region, "删除该计划")
        plan.delete()
