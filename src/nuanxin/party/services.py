"""Writes for party building: organisations and roles, declaring membership, check-in and its
confirmation, invitations, and the development pipeline.

Locks: a check-in's state changes under its row lock (select_for_update; SQLite's immediate
transactions serialise the same way), so confirming twice confirms once. A pipeline step
takes the candidate's row lock, so two steps never race past the order.
Nobody acts for themselves: a member never confirms their own check-in or records their own
pipeline step, and nobody grants themselves a role.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.services import find_user_by_phone, send_sms_to
from nuanxin.kernel.coords import to_wgs84
from nuanxin.kernel.crypto import decrypt, encrypt
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.notifications.services import notify
from nuanxin.party import rules
from nuanxin.party.models import (
    STAGES,
    Basis,
    Candidate,
    CheckIn,
    CheckInStatus,
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    OrgRole,
    OrgRoleKind,
    Stage,
    Step,
)
from nuanxin.party.scope import org_scope
from nuanxin.people.kinds import WorkerKind
from nuanxin.regions.models import Region

INBOX_URL = "/party/"


def get_organisation(organisation_id: int, *, field: str = "organisation") -> Organisation:
    org = Organisation.objects.select_related("region").filter(pk=organisation_id).first()
    if org is None:
        raise NotFound("党组织不存在", field=field)
    return org


def _require_scope(actor: User, org: Organisation) -> None:
    if not org_scope(actor).covers(org):
        raise PermissionDenied(f"您不是{org.name}或其上级党组织的工作人员")


# --- organisations and roles -------------------------------------------------------------

def create_organisation(
    *, actor: User, name: str, kind: str, region_code: str, lng: float, lat: float,
    crs: str = "wgs84", parent_id: int | None = None, secretary: str = "",
    contact_phone: str = "", address: str = "", worker_kinds: list[str] | None = None,
    platforms: list[str] | None = None, brand: str = "",
) -> Organisation:
    """A new organisation: by a superuser (the back office), or under one the actor reaches."""
    if not name.strip():
        raise DomainError("请填写组织名称", field="name")
    if len(name.strip()) > 100:
        raise DomainError("组织名称不能超过100个字", field="name")
    if kind not in OrgKind.values:
        raise DomainError("组织类型不正确", field="kind")
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise DomainError(f"区划代码“{region_code}”不存在", field="region")
    parent = get_organisation(parent_id, field="parent") if parent_id else None
    if parent is None and not actor.is_superuser:
        raise PermissionDenied("只有后台管理员可以建立顶层党组织")
    if parent is not None and not actor.is_superuser:
        _require_scope(actor, parent)
    bad = [k for k in worker_kinds or [] if k not in WorkerKind.values]
    if bad:
        raise DomainError(f"群体类别“{bad[0]}”不正确", field="worker_kinds")
    w_lng, w_lat = to_wgs84(lng, lat, crs)
    if not (-180 <= w_lng <= 180 and -90 <= w_lat <= 90):
        raise DomainError("经纬度超出范围", field="lat")
    with transaction.atomic():
        org = Organisation.objects.create(
            name=name.strip(), kind=kind, brand=brand.strip(), parent=parent, region=region,
            path=f"new-{uuid4().hex}",
            secretary=secretary.strip(), contact_phone=contact_phone.strip(),
            address=address.strip(), lng=w_lng, lat=w_lat,
            worker_kinds=rules.encode_list(worker_kinds or []),
            platforms=rules.encode_list(platforms or []))
        org.path = f"{parent.path if parent else ''}{org.pk}/"
        org.save(update_fields=["path"])
    return org


def grant_org_role(*, actor: User, organisation_id: int, phone: str,
                   role: str = OrgRoleKind.STAFF) -> OrgRole:
    """Give the user with `phone` a role for an organisation the actor reaches."""
    org = get_organisation(organisation_id)
    if not actor.is_superuser:
        _require_scope(actor, org)
    if role not in OrgRoleKind.values:
        raise DomainError("角色不正确", field="role")
    user = find_user_by_phone(phone)
    if user is None:
        raise DomainError("该手机号尚未注册", field="phone")
    if user.pk == actor.pk:
        raise PermissionDenied("不能给自己授予角色", field="phone")
    try:
        with transaction.atomic():
            return OrgRole.objects.create(user=user, organisation=org, role=role, granted_by=actor)
    except IntegrityError:
        raise Conflict("该用户已是该组织的工作人员", field="phone") from None


# --- membership and check-in ---------------------------------------------------------------

def declare_membership(*, user: User, record_org: str, joined_on: date, is_mobile: bool,
                       home_region_code: str = "") -> Membership:
    """The member declares (or corrects) their membership; only they can."""
    if not record_org.strip():
        raise DomainError("请填写组织关系所在党组织", field="record_org")
    if len(record_org.strip()) > 100:
        raise DomainError("组织关系所在党组织不能超过100个字", field="record_org")
    if joined_on > timezone.localdate():
        raise DomainError("入党时间不能晚于今天", field="joined_on")
    if joined_on < date(1921, 7, 1):
        raise DomainError("入党时间不正确", field="joined_on")
    home = None
    if home_region_code:
        home = Region.objects.filter(code=home_region_code).first()
        if home is None:
            raise DomainError(f"区划代码“{home_region_code}”不存在", field="home_region")
    fields = {"record_org_cipher": encrypt(record_org.strip()),
              "joined_on_cipher": encrypt(joined_on.isoformat()), "is_mobile": is_mobile,
              "home_region": home}
    membership, _ = Membership.objects.update_or_create(user=user, defaults=fields)
    return membership


def record_org_of(membership: Membership) -> str:
    return decrypt(membership.record_org_cipher)


def joined_on_of(membership: Membership) -> date:
    return date.fromisoformat(decrypt(membership.joined_on_cipher))


def check_in(*, user: User, organisation_id: int, basis: str) -> CheckIn:
    """The member checks in where they live or work; the organisation confirms later."""
    if not Membership.objects.filter(user=user).exists():
        raise DomainError("请先登记党员身份，再到党组织报到", field="membership")
    if basis not in Basis.values:
        raise DomainError("请选择按居住地或工作地报到", field="basis")
    org = get_organisation(organisation_id)
    again = CheckIn.objects.filter(user=user, organisation=org,
                                   status=CheckInStatus.PENDING).first()
    if again is not None:
        return again  # a resend from a phone on a weak network
    if CheckIn.objects.filter(user=user, organisation=org,
                              status=CheckInStatus.CONFIRMED).exists():
        raise Conflict(f"您已在{org.name}报到", field="organisation")
    try:
        with transaction.atomic():
            row = CheckIn.objects.create(user=user, organisation=org, basis=basis)
    except IntegrityError:
        raise Conflict("您已有一条待确认的报到，请等待组织确认或撤回后再报到",
                       field="organisation") from None
    return row


def _locked_pending(checkin_id: int, actor: User) -> CheckIn:
    row = (CheckIn.objects.select_for_update().select_related("organisation", "user")
           .filter(pk=checkin_id).first())
    if row is None:
        raise NotFound("报到记录不存在", field="checkin")
    _require_scope(actor, row.organisation)
    if row.user_id == actor.pk:
        raise PermissionDenied("不能确认自己的报到")
    if row.status != CheckInStatus.PENDING:
        raise Conflict(f"该报到已{row.get_status_display()}，不能重复处理", field="checkin")
    return row


def confirm_check_in(*, actor: User, checkin_id: int) -> CheckIn:
    """Confirm a pending check-in (lock: the check-in row). A confirmed check-in elsewhere
    becomes 已转出 with where it moved to, so the history stays."""
    now = timezone.now()
    with transaction.atomic():
        row = _locked_pending(checkin_id, actor)
        CheckIn.objects.filter(user=row.user, status=CheckInStatus.CONFIRMED).update(
            status=CheckInStatus.TRANSFERRED, ended_at=now, moved_to=row.organisation)
        row.status, row.decided_at, row.decided_by = CheckInStatus.CONFIRMED, now, actor
        row.save(update_fields=["status", "decided_at", "decided_by"])
    notify(row.user, f"报到已确认：{row.organisation.name}",
           f"{row.organisation.name}已确认您的党员报到。", INBOX_URL)
    return row


def decline_check_in(*, actor: User, checkin_id: int, reason: str) -> CheckIn:
    """Decline a pending check-in with a reason the member reads (lock: the check-in row)."""
    if not reason.strip():
        raise DomainError("请填写不予确认的原因", field="reason")
    if len(reason.strip()) > 200:
        raise DomainError("原因不能超过200个字", field="reason")
    with transaction.atomic():
        row = _locked_pending(checkin_id, actor)
        row.status, row.reason = CheckInStatus.DECLINED, reason.strip()
        row.decided_at, row.decided_by = timezone.now(), actor
        row.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    notify(row.user, f"报到未通过：{row.organisation.name}",
           f"原因：{row.reason}。您可以到其他党组织报到。", INBOX_URL)
    return row


def withdraw_check_in(*, user: User, checkin_id: int) -> CheckIn:
    """The member withdraws their own pending check-in (lock: the check-in row)."""
    with transaction.atomic():
        row = CheckIn.objects.select_for_update().filter(pk=checkin_id, user=user).first()
        if row is None:
            raise NotFound("报到记录不存在", field="checkin")
        if row.status != CheckInStatus.PENDING:
            raise Conflict("只能撤回待确认的报到", field="checkin")
        row.status, row.decided_at = CheckInStatus.WITHDRAWN, timezone.now()
        row.save(update_fields=["status", "decided_at"])
    return row


def invite(*, actor: User, organisation_id: int, user_id: int) -> Invitation:
    """组织找党员: invite a declared member in the area who has not checked in (inbox + SMS)."""
    from nuanxin.party.selectors import not_checked_in

    org = get_organisation(organisation_id)
    _require_scope(actor, org)
    if user_id == actor.pk:
        raise PermissionDenied("不能邀请自己", field="user")
    target = not_checked_in(org).filter(user_id=user_id).select_related("user").first()
    if target is None:
        raise DomainError("该党员不在本组织范围内，或已经报到", field="user")
    since = timezone.now() - timedelta(days=rules.INVITE_AGAIN_DAYS)
    if Invitation.objects.filter(organisation=org, user_id=user_id,
                                 created_at__gte=since).exists():
        raise Conflict(f"{rules.INVITE_AGAIN_DAYS}天内已邀请过该党员", field="user")
    invitation = Invitation.objects.create(organisation=org, user=target.user, invited_by=actor)
    text = (f"{org.name}邀请您到组织报到。地址：{org.address or org.region.name}"
            f"{'，电话' + org.contact_phone if org.contact_phone else ''}。")
    notify(target.user, f"报到邀请：{org.name}", text, f"{INBOX_URL}?org={org.pk}")
    send_sms_to(target.user, f"【暖新】{text}")
    return invitation


# --- the development pipeline --------------------------------------------------------------

def _check_step_date(on: date, field: str = "on") -> None:
    if on > timezone.localdate():
        raise DomainError("日期不能晚于今天", field=field)


def record_application(*, actor: User, organisation_id: int, phone: str, on: date,
                       people: str = "") -> Candidate:
    """递交入党申请书: the first step, for a registered user, by the responsible organisation."""
    org = get_organisation(organisation_id)
    _require_scope(actor, org)
    user = find_user_by_phone(phone)
    if user is None:
        raise DomainError("该手机号尚未注册", field="phone")
    if user.pk == actor.pk:
        raise PermissionDenied("不能为自己登记发展步骤", field="phone")
    _check_step_date(on)
    if Membership.objects.filter(user=user).exists():
        raise Conflict("该人员已登记为党员", field="phone")
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(user=user, organisation=org,
                                                 stage=Stage.APPLICATION, stage_on=on)
            Step.objects.create(candidate=candidate, stage=Stage.APPLICATION, on=on,
                                organisation=org, people=people.strip()[:100],
                                recorded_by=actor)
    except IntegrityError:
        raise Conflict("该人员已在发展流程中", field="phone") from None
    return candidate


def advance(*, actor: User, candidate_id: int, stage: str, on: date, people: str = "",
            organisation_id: int | None = None) -> Step:
    """The next step of the pipeline, in order, never dated before the previous one; full
    membership only once the probation year has run. Lock: the candidate row."""
    if stage not in STAGES:
        raise DomainError("发展阶段不正确", field="stage")
    _check_step_date(on)
    if len(people.strip()) > 100:
        raise DomainError("培养联系人/入党介绍人不能超过100个字", field="people")
    with transaction.atomic():
        candidate = (Candidate.objects.select_for_update().select_related("organisation")
                     .filter(pk=candidate_id).first())
        if candidate is None:
            raise NotFound("发展对象不存在", field="candidate")
        _require_scope(actor, candidate.organisation)
        if candidate.user_id == actor.pk:
            raise PermissionDenied("不能为自己登记发展步骤")
        org = get_organisation(organisation_id) if organisation_id else candidate.organisation
        _require_scope(actor, org)
        expected = rules.next_stage(candidate.stage)
        if expected is None:
            raise Conflict("已是正式党员，发展流程已完成", field="stage")
        if stage != expected:
            raise DomainError(f"当前阶段是“{rules.stage_label(candidate.stage)}”，下一步只能是"
                              f"“{rules.stage_label(expected)}”", field="stage")
        if on < candidate.stage_on:
            raise DomainError(f"日期不能早于上一步“{rules.stage_label(candidate.stage)}”的日期"
                              f"（{candidate.stage_on:%Y-%m-%d}）", field="on")
        if stage in (Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY) and not people.strip():
            who = "入党介绍人" if stage == Stage.PROBATIONARY else "培养联系人"
            raise DomainError(f"请填写{who}", field="people")
        if stage == Stage.FULL and on < rules.probation_ends(candidate.stage_on):
            raise DomainError(f"预备期一年，{rules.probation_ends(candidate.stage_on):%Y-%m-%d}"
                              "起才能转为正式党员", field="on")
        step = Step.objects.create(candidate=candidate, stage=stage, on=on, organisation=org,
                                   people=people.strip(), recorded_by=actor)
        candidate.stage, candidate.stage_on = stage, on
        candidate.save(update_fields=["stage", "stage_on"])
    return step


def revoke_org_role(*, actor: User, role_id: int) -> None:
    """Take a party role away (by a superuser or a party role above it; never one's own)."""
    row = OrgRole.objects.select_related("organisation").filter(pk=role_id).first()
    if row is None:
        raise NotFound("角色不存在", field="role")
    if not actor.is_superuser:
        _require_scope(actor, row.organisation)
    if row.user_id == actor.pk:
        raise PermissionDenied("不能撤销自己的角色")
    row.delete()
