"""Benefits API: programmes, applying, review within the quota, uses, and the figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import model_validator

from nuanxin.benefits import selectors, services
from nuanxin.benefits.models import Application, Programme
from nuanxin.people.models import Worker
from nuanxin.people.selectors import current_user, kinds_label, optional_user, worker_of
from nuanxin.regions.selectors import get_region

router = Router(tags=["权益保障"])


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    description: str
    region_code: str
    region_name: str
    for_whom: str
    requires_verified: bool
    quota: int | None
    approved: int
    quota_left: int | None
    cover_amount: Decimal | None
    insurer: str
    discount_note: str
    starts_on: date
    ends_on: date
    my_status: str | None
    can_apply: bool | None
    why_not: str | None


class ApplicationOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    status: str
    status_label: str
    applicant: str
    phone: str
    kind: str
    work_region: str
    cover_amount: Decimal | None
    applied_at: datetime
    decided_at: datetime | None
    decision_note: str


class RejectIn(Schema):
    note: str


class UseIn(Schema):
    station_id: int | None = None
    amount_saved: Decimal = Decimal("0")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # ninja's schemas read attributes, so `[]` or `"x"` would pass as "all defaults".
        # (ninja hands the body in wrapped in its DjangoGetter: look at what it wraps.)
        if not isinstance(getattr(data, "_obj", data), dict):
            raise ValueError("请求内容应为 JSON 对象")
        return data


class UseOut(Schema):
    id: int
    application_id: int
    used_at: datetime
    amount_saved: Decimal


class BenefitFiguresOut(Schema):
    region: str
    insured_people: int
    total_cover: Decimal
    total_cover_wan: Decimal
    meals_discounted: int
    health_checks: int
    child_care_days: int
    amount_saved: Decimal


class WithdrawOut(Schema):
    withdrawn: int


def _programme_out(p: Programme, worker: Worker | None, user_known: bool,
                   mine: dict[int, Application]) -> ProgrammeOut:
    reason = selectors.why_not(p, worker, mine) if user_known else None
    own = mine.get(p.pk)
    return ProgrammeOut(
        id=p.pk, name=p.name, kind=p.kind, kind_label=p.get_kind_display(),
        description=p.description, region_code=p.region.code, region_name=p.region.name,
        for_whom=kinds_label(p.kinds), requires_verified=p.requires_verified,
        quota=p.quota, approved=getattr(p, "n_approved", 0), quota_left=selectors.quota_left(p),
        cover_amount=p.cover_amount, insurer=p.insurer, discount_note=p.discount_note,
        starts_on=p.starts_on, ends_on=p.ends_on, my_status=own.status if own else None,
        can_apply=None if reason is None else reason == "", why_not=reason or None)


def _application_out(a: Application) -> ApplicationOut:
    w = getattr(a.user, "worker", None)
    return ApplicationOut(
        id=a.pk, programme_id=a.programme_id, programme_name=a.programme.name,
        status=a.status, status_label=a.get_status_display(), applicant=a.user.display_name,
        phone=a.user.phone_masked, kind=w.get_kind_display() if w else "",
        work_region=w.work_region.name if w else "", cover_amount=a.cover_amount,
        applied_at=a.applied_at, decided_at=a.decided_at, decision_note=a.decision_note)


@router.get("/benefits/programmes", response=list[ProgrammeOut], auth=None,
            summary="权益项目（名额、保额、承保机构；登录后显示能否申请）")
def list_programmes(request: HttpRequest) -> list[ProgrammeOut]:
    user = optional_user(request)
    worker = worker_of(user)
    mine = selectors.my_applications(user) if user else {}
    return [_programme_out(p, worker, user is not None, mine) for p in selectors.programmes()]


@router.post("/benefits/programmes/{programme_id}/applications",
             response={200: ApplicationOut, 201: ApplicationOut},
             summary="申请权益（先查资格，名额满则拒绝；可带 Idempotency-Key 头：重发返回 200）")
def apply(request: HttpRequest, programme_id: int) -> Status[ApplicationOut]:
    started = timezone.now()
    a = services.apply(user=current_user(request), programme_id=programme_id,
                       idempotency_key=request.headers.get("Idempotency-Key", ""))
    return Status(200 if a.applied_at < started else 201,
                  _application_out(Application.objects.select_related(
        "programme", "user__worker__work_region").get(pk=a.pk)))


@router.delete("/benefits/programmes/{programme_id}/applications/mine", response=WithdrawOut,
               summary="撤回待审核的申请")
def withdraw(request: HttpRequest, programme_id: int) -> WithdrawOut:
    return WithdrawOut(withdrawn=services.withdraw(user=current_user(request),
                                                   programme_id=programme_id))


@router.get("/benefits/applications/mine", response=list[ApplicationOut], summary="我的申请")
def my_applications(request: HttpRequest) -> list[ApplicationOut]:
    rows = Application.objects.filter(user=current_user(request)).select_related(
        "programme", "user__worker__work_region").order_by("-id")
    return [_application_out(a) for a in rows]


@router.get("/benefits/applications", response=list[ApplicationOut],
            summary="待审核申请（工作人员，本辖区，手机号脱敏）")
def to_review(request: HttpRequest, status: str = "pending") -> list[ApplicationOut]:
    return [_application_out(a) for a in selectors.to_review(current_user(request), status)[:500]]


@router.post("/benefits/applications/{application_id}/approve", response=ApplicationOut,
             summary="审核通过（不超过名额）")
def approve(request: HttpRequest, application_id: int) -> ApplicationOut:
    a = services.approve(actor=current_user(request), application_id=application_id)
    return _application_out(a)


@router.post("/benefits/applications/{application_id}/reject", response=ApplicationOut,
             summary="审核不通过（须填原因）")
def reject(request: HttpRequest, application_id: int, data: RejectIn) -> ApplicationOut:
    a = services.reject(actor=current_user(request), application_id=application_id,
                        note=data.note)
    return _application_out(a)


@router.post("/benefits/applications/{application_id}/uses", response={201: UseOut},
             summary="登记一次优惠餐、体检或托育")
def record_use(request: HttpRequest, application_id: int, data: UseIn) -> Status[UseOut]:
    u = services.record_use(actor=current_user(request), application_id=application_id,
                            station_id=data.station_id, amount_saved=data.amount_saved)
    return Status(201, UseOut(id=u.pk, application_id=u.application_id, used_at=u.used_at,
                              amount_saved=u.amount_saved))


@router.get("/benefits/figures", response=BenefitFiguresOut, auth=None,
            summary="权益保障数据（由记录统计：参保人数、总保额、优惠使用、体检）")
def figures(request: HttpRequest, region: str = "") -> BenefitFiguresOut:
    place = get_region(region, field="region") if region else None
    f = selectors.figures(place)
    return BenefitFiguresOut(region=place.name if place else "全部", insured_people=f.insured_people,
                      total_cover=f.total_cover, total_cover_wan=f.total_cover / 10000,
                      meals_discounted=f.meals_discounted, health_checks=f.health_checks,
                      child_care_days=f.child_care_days, amount_saved=f.amount_saved)
