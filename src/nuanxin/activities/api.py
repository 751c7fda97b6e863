"""Activities API: find near, sign up / cancel, check in; staff publish and mark attendance."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status

from nuanxin.activities import selectors, services
from nuanxin.activities.models import Activity, Signup
from nuanxin.kernel.coords import check_crs, from_wgs84
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.people.models import Worker
from nuanxin.people.selectors import current_user, kinds_label, optional_user, worker_of
from nuanxin.web.pagination import Page, PageField, check_page

router = Router(tags=["关爱活动"])


class ActivityOut(Schema):
    id: int
    title: str
    category: str
    category_label: str
    cadence: str
    cadence_label: str
    plan_theme: str | None
    region_code: str
    region_name: str
    worker_kinds: list[str]
    for_whom: str
    place: str
    station_id: int | None
    lat: float
    lng: float
    crs: str
    distance_m: int | None
    starts_at: datetime
    ends_at: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime
    capacity: int
    seats_left: int
    waitlist_size: int
    waitlist_left: int
    for_children: bool
    child_min_age: int | None
    child_max_age: int | None
    points: int | None
    status: str
    can_sign_up: bool | None
    why_not: str | None


class ListQuery(Schema):
    near: str | None = None
    crs: str = "wgs84"
    radius_km: float = 20
    joinable: bool = False
    page: int = PageField()


class SignupIn(Schema):
    child_name: str = ""
    child_birth_date: date | None = None


class SignupOut(Schema):
    id: int
    activity_id: int
    status: str
    status_label: str
    attending: bool
    waitlisted: bool
    queue_position: int | None
    child_name: str
    message: str


class CheckinIn(Schema):
    code: str


class CancelOut(Schema):
    cancelled: int
    message: str


class DraftIn(Schema):
    title: str
    category: str
    cadence: str
    region: str
    starts_at: datetime
    ends_at: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime
    capacity: int
    waitlist_size: int = 0
    station_id: int | None = None
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    crs: str = "wgs84"
    worker_kinds: list[str] = []
    description: str = ""
    for_children: bool = False
    child_min_age: int | None = None
    child_max_age: int | None = None
    points: int | None = None
    organiser: str = ""
    plan_id: int | None = None


class RosterRow(Schema):
    signup_id: int
    name: str
    phone: str
    kind: str
    child_name: str
    status: str
    status_label: str
    queue_position: int | None
    attended_at: datetime | None


def _out(a: Activity, *, distance: float | None = None, worker: Worker | None = None,
         user_known: bool = False, crs: str = "wgs84") -> ActivityOut:
    lng, lat = from_wgs84(a.lng, a.lat, crs)
    reason = selectors.why_not(a, worker, timezone.now()) if user_known else None
    return ActivityOut(
        id=a.pk, title=a.title, category=a.category, category_label=a.get_category_display(),
        cadence=a.cadence, cadence_label=a.get_cadence_display(),
        plan_theme=a.plan.theme if a.plan_id and a.plan else None,
        region_code=a.region.code, region_name=a.region.name, worker_kinds=a.kinds,
        for_whom=kinds_label(a.kinds), place=a.place_name, station_id=a.station_id,
        lat=lat, lng=lng, crs=crs, distance_m=None if distance is None else round(distance),
        starts_at=a.starts_at, ends_at=a.ends_at, signup_opens_at=a.signup_opens_at,
        signup_closes_at=a.signup_closes_at, capacity=a.capacity,
        seats_left=selectors.seats_left(a), waitlist_size=a.waitlist_size,
        waitlist_left=selectors.waitlist_left(a), for_children=a.for_children,
        child_min_age=a.child_min_age, child_max_age=a.child_max_age, points=a.points,
        status=a.status, can_sign_up=None if reason is None else reason == "",
        why_not=reason or None,
    )


def _signup_out(s: Signup) -> SignupOut:
    pos = services.queue_position(s)
    message = ("报名成功" if s.status == "attending"
               else f"名额已满，您是候补第{pos}位" if pos else s.get_status_display())
    return SignupOut(id=s.pk, activity_id=s.activity_id, status=s.status,
                     status_label=s.get_status_display(), attending=s.status == "attending",
                     waitlisted=s.status == "waitlisted", queue_position=pos,
                     child_name=s.child_name, message=message)


@router.get("/activities", response=Page[ActivityOut], auth=None,
            summary="活动列表：附近的活动（near=纬度,经度）或全部即将开展的活动")
def list_activities(request: HttpRequest, q: Query[ListQuery]) -> Page[ActivityOut]:
    check_page(q.page)
    crs = check_crs(q.crs)
    user = optional_user(request)
    worker = worker_of(user)
    qs = selectors.upcoming()
    if q.joinable:
        if worker is None:
            raise DomainError("登录并登记为新就业群体后才能筛选可报名的活动", field="joinable")
        qs = selectors.for_worker(qs, worker)
    if q.near:
        lng, lat = selectors.parse_near(q.near, crs)
        rows = [(f.activity, f.distance_m) for f in selectors.near(lng, lat, q.radius_km, qs)]
    else:
        rows = [(a, None) for a in selectors.with_counts(qs).order_by("starts_at", "id")[:500]]
    size = 20
    chunk = rows[(q.page - 1) * size: q.page * size]
    items = [_out(a, distance=d, worker=worker, user_known=user is not None, crs=crs)
             for a, d in chunk]
    return Page[ActivityOut](items=items, total=len(rows), page=q.page,
                             pages=max(1, -(-len(rows) // size)))


@router.get("/activities/{activity_id}", response=ActivityOut, auth=None,
            summary="活动详情")
def activity_detail(request: HttpRequest, activity_id: int, crs: str = "wgs84") -> ActivityOut:
    user = optional_user(request)
    worker = worker_of(user)
    return _out(selectors.get_activity(activity_id), worker=worker,
                user_known=user is not None, crs=check_crs(crs))


@router.post("/activities/{activity_id}/signups", response={200: SignupOut, 201: SignupOut},
             summary="报名：有名额即报名成功，否则进入候补并返回排位（可带 Idempotency-Key 头："
                     "重发返回 200 和第一次的结果）")
def create_signup(request: HttpRequest, activity_id: int, data: SignupIn) -> Status[SignupOut]:
    started = timezone.now()
    s = services.sign_up(user=current_user(request), activity_id=activity_id,
                         child_name=data.child_name, child_birth_date=data.child_birth_date,
                         idempotency_key=request.headers.get("Idempotency-Key", ""))
    return Status(200 if s.created_at < started else 201, _signup_out(s))


@router.get("/activities/{activity_id}/signups/mine", response=list[SignupOut],
            summary="我的报名状态与候补排位")
def my_signups(request: HttpRequest, activity_id: int) -> list[SignupOut]:
    activity = selectors.get_activity(activity_id)
    return [_signup_out(s) for s, _ in selectors.my_signups(current_user(request), activity)]


@router.delete("/activities/{activity_id}/signups/mine", response=CancelOut,
               summary="取消我的报名（候补者按顺序自动转正）")
def cancel_my_signup(request: HttpRequest, activity_id: int,
                     child_name: str | None = None) -> CancelOut:
    gone = services.cancel_signup(user=current_user(request), activity_id=activity_id,
                                  child_name=child_name)
    return CancelOut(cancelled=len(gone), message="已取消报名")


@router.post("/activities/{activity_id}/checkin", response=list[SignupOut],
             summary="扫码签到（活动当天），签到即得积分")
def checkin(request: HttpRequest, activity_id: int, data: CheckinIn) -> list[SignupOut]:
    seats = services.check_in(user=current_user(request), activity_id=activity_id,
                              code=data.code)
    return [_signup_out(s) for s in seats]


@router.post("/activities", response={201: ActivityOut}, summary="发布活动（工作人员）")
def publish(request: HttpRequest, data: DraftIn) -> Status[ActivityOut]:
    draft = services.ActivityDraft(region_code=data.region, **data.dict(exclude={"region"}))
    a = services.publish_activity(actor=current_user(request), draft=draft)
    return Status(201, _out(selectors.get_activity(a.pk)))


@router.get("/activities/{activity_id}/roster", response=list[RosterRow],
            summary="报名名单（工作人员，手机号脱敏）")
def roster(request: HttpRequest, activity_id: int) -> list[RosterRow]:
    user = current_user(request)
    activity = selectors.get_activity(activity_id)
    if not selectors.managed_by(user).filter(pk=activity.pk).exists():
        raise PermissionDenied("您无权查看该活动的报名名单")
    rows = []
    for s, pos in selectors.roster_with_positions(activity):
        worker = getattr(s.user, "worker", None)
        rows.append(RosterRow(
            signup_id=s.pk, name=s.user.display_name, phone=s.user.phone_masked,
            kind=worker.get_kind_display() if worker else "", child_name=s.child_name,
            status=s.status, status_label=s.get_status_display(),
            queue_position=pos, attended_at=s.attended_at))
    return rows


@router.post("/activities/signups/{signup_id}/attendance", response=SignupOut,
             summary="登记签到（工作人员或站点负责人）")
def mark_attendance(request: HttpRequest, signup_id: int) -> SignupOut:
    return _signup_out(services.mark_attendance(actor=current_user(request),
                                                signup_id=signup_id))
