"""Writes for benefits: apply, approve within the quota, reject, withdraw, record a use.

Lock: the `Programme` row (select_for_update), then the applicant's `Worker` row. The
approved count is recounted inside the programme lock, so the quota is never passed;
the worker lock keeps one person from being insured twice by two programmes at once.
Always in that order (programme, then worker), so two approvals cannot deadlock.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import Role
from nuanxin.benefits import rules
from nuanxin.benefits.models import (
    Application,
    ApplicationStatus,
    BenefitUse,
    Programme,
    ProgrammeKind,
)
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.notifications.services import notify
from nuanxin.people.kinds import encode_kinds
from nuanxin.people.models import Worker
from nuanxin.people.selectors import worker_of
from nuanxin.regions.models import Region
from nuanxin.stations.models import Station

# Who decides applications, for applicants working in their region's subtree.
APPROVER_ROLES: set[str] = {Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN}
# Who records a discount or service used (the canteen/pharmacy/centre at the counter).
USE_ROLES: set[str] = APPROVER_ROLES | {Role.STATION_OPERATOR, Role.COMMUNITY_STAFF}
# BenefitUse.amount_saved is DECIMAL(10, 2).
MAX_AMOUNT_SAVED = Decimal("100000000")


def _worker(user: User) -> Worker:
    worker = worker_of(user)
    if worker is None:
        raise PermissionDenied("请先登记为新就业群体人员，再申请权益")
    return worker


def _programme(programme_id: int) -> Programme:
    p = Programme.objects.select_related("region").filter(pk=programme_id).first()
    if p is None:
        raise NotFound("权益项目不存在", field="programme")
    return p


def _application_for_key(user: User, key: str) -> Application | None:
    if not key:
        return None
    return Application.objects.filter(user=user, idempotency_key=key).first()


def apply(*, user: User, programme_id: int, idempotency_key: str = "") -> Application:
    """A worker applies; every rule is checked first, and under the lock again.

    Lock: the Programme row. A repeated `idempotency_key` returns the first application.
    """
    key = (idempotency_key or "").strip()
    if len(key) > 64:
        raise DomainError("Idempotency-Key 不能超过64个字符", field="Idempotency-Key")
    earlier = _application_for_key(user, key)
    if earlier is not None:
        return earlier
    programme = _programme(programme_id)
    worker = _worker(user)
    today = timezone.localdate()
    try:
        rules.check_open(programme, today)
        rules.check_worker(programme, worker)
        rules.check_not_covered(programme, worker)
        rules.check_not_applied(programme, worker)
        rules.check_quota(programme)
    except DomainError:
        earlier = _application_for_key(user, key)  # the first of two resends just committed
        if earlier is not None:
            return earlier
        raise
    try:
        with transaction.atomic():
            locked = Programme.objects.select_for_update().get(pk=programme.pk)
            earlier = _application_for_key(user, key)
            if earlier is not None:  # a retry that waited for the first one's lock
                return earlier
            rules.check_quota(locked)
            application = Application.objects.create(programme=locked, user=user,
                                                     idempotency_key=key)
    except IntegrityError:
        raise Conflict("您已申请该项目，请勿重复申请", field="programme") from None
    notify(user, f"已提交申请：{programme.name}", "工作人员审核后会通知您结果。",
           url="/benefits/")
    return application


def _application(application_id: int) -> Application:
    a = (Application.objects.select_related("programme__region", "user__worker__work_region")
         .filter(pk=application_id).first())
    if a is None:
        raise NotFound("申请不存在", field="application")
    return a


def _check_approver(actor: User, application: Application) -> Worker:
    if actor.pk == application.user_id:
        raise PermissionDenied("不能审核自己的申请，请由其他工作人员审核")
    worker = getattr(application.user, "worker", None)
    region = worker.work_region if worker else None
    if not can(actor, APPROVER_ROLES, region):
        raise PermissionDenied("您无权审核该申请")
    assert isinstance(worker, Worker)
    return worker


def approve(*, actor: User, application_id: int) -> Application:
    """Approve within the quota. Lock: Programme row, then the applicant's Worker row."""
    application = _application(application_id)
    worker = _check_approver(actor, application)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=application.programme_id)
        Worker.objects.select_for_update().filter(pk=worker.pk).first()
        current = Application.objects.get(pk=application.pk)
        if current.status != ApplicationStatus.PENDING:
            raise Conflict(f"该申请{current.get_status_display()}，不能再审核",
                           field="application")
        if programme.quota is not None and rules.approved_count(programme) >= programme.quota:
            raise Conflict(f"名额（{programme.quota}人）已满，不能再通过", field="quota")
        rules.check_not_covered(programme, worker)
        Application.objects.filter(pk=application.pk).update(
            status=ApplicationStatus.APPROVED, cover_amount=programme.cover_amount,
            decided_at=timezone.now(), decided_by=actor)
    application.refresh_from_db()
    body = (f"保额{programme.cover_amount:,.0f}元，承保机构：{programme.insurer}。"
            if programme.kind == ProgrammeKind.INSURANCE else programme.discount_note)
    notify(application.user, f"申请已通过：{programme.name}", body, url="/benefits/")
    return application


def reject(*, actor: User, application_id: int, note: str) -> Application:
    application = _application(application_id)
    _check_approver(actor, application)
    if not note.strip():
        raise DomainError("请填写不通过的原因", field="note")
    changed = Application.objects.filter(
        pk=application.pk, status=ApplicationStatus.PENDING).update(
        status=ApplicationStatus.REJECTED, decided_at=timezone.now(), decided_by=actor,
        decision_note=note.strip()[:200])
    if not changed:
        raise Conflict("该申请已审核，不能再修改", field="application")
    application.refresh_from_db()
    notify(application.user, f"申请未通过：{application.programme.name}",
           f"原因：{application.decision_note}", url="/benefits/")
    return application


def withdraw(*, user: User, programme_id: int) -> int:
    """The worker withdraws a pending application (an approved one stays on the roster)."""
    changed = Application.objects.filter(
        programme_id=programme_id, user=user, status=ApplicationStatus.PENDING).update(
        status=ApplicationStatus.WITHDRAWN, decided_at=timezone.now())
    if not changed:
        raise NotFound("没有可撤回的待审核申请", field="programme")
    return changed


def record_use(*, actor: User, application_id: int, station_id: int | None = None,
               amount_saved: Decimal = Decimal("0")) -> BenefitUse:
    """A canteen meal, a health check or a day of child care under an approved benefit."""
    application = _application(application_id)
    if application.programme.kind == ProgrammeKind.INSURANCE:
        raise DomainError("保险类项目无需登记使用", field="application")
    if application.status != ApplicationStatus.APPROVED:
        raise DomainError("该权益尚未通过审核，不能使用", field="application")
    station = None
    if station_id is not None:
        station = Station.objects.select_related("region").filter(pk=station_id).first()
        if station is None:
            raise DomainError("站点不存在", field="station")
    worker = getattr(application.user, "worker", None)
    region = station.region if station else (worker.work_region if worker else None)
    if not can(actor, USE_ROLES, region):
        raise PermissionDenied("您无权登记该站点的权益使用")
    if actor.pk == application.user_id:
        raise PermissionDenied("不能为自己登记权益使用，请由其他工作人员登记")
    if amount_saved < 0:
        raise DomainError("优惠金额不能为负数", field="amount_saved")
    if amount_saved >= MAX_AMOUNT_SAVED:  # the column's 10 digits; PostgreSQL would refuse
        raise DomainError(f"优惠金额不能超过{MAX_AMOUNT_SAVED - Decimal('0.01'):,}元",
                          field="amount_saved")
    return BenefitUse.objects.create(application=application, station=station,
                                     used_at=timezone.now(), amount_saved=amount_saved,
                                     recorded_by=actor)


def record_use_by_phone(*, actor: User, programme_id: int, phone: str,
                        station_id: int | None, amount_saved: Decimal) -> BenefitUse:
    """At the counter: the worker gives their phone; their approved benefit is used."""
    from nuanxin.accounts.services import find_user_by_phone

    user = find_user_by_phone(phone)
    if user is None:
        raise NotFound("该手机号尚未注册", field="phone")
    application = Application.objects.filter(programme_id=programme_id, user=user,
                                             status=ApplicationStatus.APPROVED).first()
    if application is None:
        raise DomainError("该人员没有通过审核的此项权益", field="phone")
    return record_use(actor=actor, application_id=application.pk, station_id=station_id,
                      amount_saved=amount_saved)


PROGRAMME_ROLES: set[str] = {Role.COUNTY_STAFF, Role.CITY_ADMIN}


def _check_programme_region(actor: User, region: Region | None, what: str) -> None:
    if region is None or not can(actor, PROGRAMME_ROLES, region):
        raise PermissionDenied(f"{region.name if region else '该区域'}不在您的辖区内，不能{what}",
                               field="region")


def check_programme(*, actor: User, programme: Programme) -> None:
    """What `save_programme` refuses: scope on the stored and new region, then the rules;
    a quota never falls under the places already approved."""
    stored = Programme.objects.select_related("region").filter(pk=programme.pk).first() \
        if programme.pk else None
    if stored is not None:
        _check_programme_region(actor, stored.region, "修改该项目")
    _check_programme_region(actor, programme.region if programme.region_id else None,
                            "在此设立项目")
    if not programme.name.strip():
        raise DomainError("请填写项目名称", field="name")
    if programme.kind not in ProgrammeKind.values:
        raise DomainError("项目类型不正确", field="kind")
    programme.worker_kinds = encode_kinds(
        [k for k in programme.worker_kinds.split(",") if k.strip()])
    if programme.ends_on < programme.starts_on:
        raise DomainError("结束日期不能早于开始日期", field="ends_on")
    if programme.cover_amount is not None and programme.cover_amount < 0:
        raise DomainError("保额不能为负数", field="cover_amount")
    if stored is not None and programme.quota is not None:
        approved = stored.applications.filter(status=ApplicationStatus.APPROVED).count()
        if programme.quota < approved:
            raise DomainError(f"已审核通过{approved}人，名额不能少于{approved}", field="quota")


def save_programme(*, actor: User, programme: Programme) -> Programme:
    """Save a back-office edit. Lock: the Programme row (as approvals take it for the quota)."""
    with transaction.atomic():
        if programme.pk:
            Programme.objects.select_for_update().filter(pk=programme.pk).first()
        check_programme(actor=actor, programme=programme)
        programme.save()
    return programme


def delete_programme(*, actor: User, programme_id: int) -> None:
    with transaction.atomic():
        programme = Programme.objects.select_for_update().select_related("region").filter(
            pk=programme_id).first()
        if programme is None:
            return
        _check_programme_region(actor, programme.region, "删除该项目")
        if programme.applications.exists():
            raise Conflict("该项目已有申请，不能删除；请改为停止接受申请", field="programme")
        programme.delete()
