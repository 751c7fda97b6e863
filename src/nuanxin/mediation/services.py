"""People's mediation: intake, triage onto the case ladder, sessions, outcome, 回访.

The case's state, deadlines and escalation are the report lifecycle's
(`reports.services.open_case` / `act_on_case`); every step here writes the dossier and
moves the case in one transaction, so a refused step leaves neither half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.phones import normalize_phone
from nuanxin.kernel import photos
from nuanxin.kernel.crypto import decrypt, encrypt
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.kernel.masking import mask_name, mask_phone
from nuanxin.mediation.models import (
    Agreement,
    Channel,
    DisputeType,
    FollowUp,
    MediationCase,
    Party,
    Result,
    Session,
)
from nuanxin.mediation.rules import MEDIATOR_ROLES, VIEW_ROLES, need_mediator, start_region
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import ancestors
from nuanxin.reports import services as cases
from nuanxin.reports.models import Origin, Rating
from nuanxin.reports.states import Status

CASE_CATEGORY = ("mediation", "人民调解", 8, 15)  # code, name, accept hours, resolve days
FOLLOW_UP_DAYS = 30
MAX_SCAN_BYTES = 10 * 1024 * 1024
PERFORMED_RATING = {FollowUp.Performed.YES: Rating.SATISFIED,
                    FollowUp.Performed.PARTLY: Rating.BASIC,
                    FollowUp.Performed.NO: Rating.DISSATISFIED}


@dataclass
class PartyIn:
    name: str
    phone: str = ""


def _parties(people: list[PartyIn], side: str, label: str) -> list[Party]:
    out = []
    for i, p in enumerate(people, start=1):
        name = (p.name or "").strip()
        if not name:
            continue
        if len(name) > 40:
            raise DomainError(f"第{i}位{label}的姓名/名称不能超过40个字", field=side)
        phone = normalize_phone(p.phone, field=f"{side}_phone") if (p.phone or "").strip() else ""
        out.append(Party(side=side, name_cipher=encrypt(name), name_masked=mask_name(name),
                         phone_cipher=encrypt(phone) if phone else "",
                         phone_masked=mask_phone(phone) if phone else ""))
    if not out:
        raise DomainError(f"请至少填写一位{label}", field=side)
    return out


def intake(*, actor: User, region_code: str, dispute_type: str, facts: str, request: str,
           applicants: list[PartyIn], respondents: list[PartyIn]) -> MediationCase:
    """Register an application (申请) at a village or township committee."""
    region = Region.objects.filter(code=region_code,
                                   level__in=(Level.VILLAGE, Level.TOWNSHIP)).first()
    if region is None:
        raise DomainError(f"受理地“{region_code}”不是村(社区)或乡镇(街道)", field="region")
    if not can(actor, VIEW_ROLES, region):
        raise PermissionDenied("只有本辖区的调解员和工作人员可以受理调解申请")
    if dispute_type not in DisputeType.values:
        raise DomainError("纠纷类型只能是：" + "、".join(DisputeType.labels), field="dispute_type")
    facts, request = (facts or "").strip(), (request or "").strip()
    if len(facts) < 10:
        raise DomainError("请用至少10个字写明纠纷事实", field="facts")
    if len(request) < 4:
        raise DomainError("请写明申请事项", field="request")
    if len(facts) > 2000 or len(request) > 1000:
        raise DomainError("纠纷事实不超过2000字，申请事项不超过1000字", field="facts")
    parties = (_parties(applicants, Party.Side.APPLICANT, "申请人")
               + _parties(respondents, Party.Side.RESPONDENT, "被申请人"))
    with transaction.atomic():
        m = MediationCase.objects.create(intake_region=region, dispute_type=dispute_type,
                                         facts=facts, request=request, created_by=actor,
                                         created_at=timezone.now())
        for p in parties:
            p.mediation = m
        Party.objects.bulk_create(parties)
    return m


def _locked(mediation_id: int) -> MediationCase:
    """The dossier row, locked (inside a transaction), with its case and regions."""
    if not list(MediationCase.objects.select_for_update().filter(pk=mediation_id)
                .values_list("pk")):
        raise NotFound("调解案件不存在", field="id")
    return MediationCase.objects.select_related("intake_region", "case__region").get(
        pk=mediation_id)


def _city(region: Region) -> Region:
    return ancestors(region)[0]


def triage(*, actor: User, mediation_id: int, difficulty: str) -> MediationCase:
    """简单/复杂/疑难 puts the case with the village, township or county committee and opens
    it on the case ladder (deadlines, escalation when unresolved). Lock: the dossier row."""
    with transaction.atomic():
        m = _locked(mediation_id)
        if not can(actor, MEDIATOR_ROLES, m.intake_region) and not can(
                actor, MEDIATOR_ROLES, start_region(m.intake_region, difficulty)):
            raise PermissionDenied("只有人民调解员可以分级受理")
        if m.case_id is not None:
            raise Conflict("该案件已分级受理", field="difficulty")
        region = start_region(m.intake_region, difficulty)
        code, name, accept, days = CASE_CATEGORY
        category = cases.case_category(city=_city(region), code=code, name=name,
                                       accept_hours=accept, resolve_days=days)
        applicant = m.parties.filter(side=Party.Side.APPLICANT).exclude(phone_cipher="").first()
        point = m.intake_region
        m.difficulty = difficulty
        m.case = cases.open_case(
            origin=Origin.MEDIATION, origin_ref=f"mediation.mediationcase:{m.pk}",
            reporter=actor, category=category, region=region, home_region=m.intake_region,
            lng=point.lng or 0.0, lat=point.lat or 0.0,
            description=f"人民调解：{m.get_dispute_type_display()}纠纷（{m.number}）",
            contact_phone=decrypt(applicant.phone_cipher) if applicant else "")
        m.save(update_fields=["difficulty", "case"])
    return m


def _step(actor: User, m: MediationCase, step: str, text: str = "", rating: str = "") -> None:
    assert m.case_id is not None
    m.case = cases.act_on_case(user=actor, case_id=m.case_id, step=step, text=text,
                               rating=rating)


def _working(actor: User, m: MediationCase) -> None:
    """Bring the case to 处理中: the mediator taking it signs for it first if needed."""
    if m.case is None:
        raise DomainError("请先分级受理（简单、复杂、疑难）", field="difficulty")
    if m.case.status in (Status.SUBMITTED, Status.RETURNED):
        _step(actor, m, "accept")
    if m.case is not None and m.case.status == Status.ACCEPTED:
        _step(actor, m, "start")


def take(*, actor: User, mediation_id: int) -> MediationCase:
    """The mediator signs for the case (签收). Lock: the dossier row, then the case row."""
    with transaction.atomic():
        m = _locked(mediation_id)
        if m.case_id is None:
            raise DomainError("请先分级受理", field="difficulty")
        need_mediator(actor, m)
        _step(actor, m, "accept")
    return m


def _past(value: datetime, field: str, what: str) -> None:
    if value > timezone.now() + timedelta(minutes=5):
        raise DomainError(f"{what}不能晚于现在", field=field)


def record_session(*, actor: User, mediation_id: int, held_at: datetime, present: str,
                   record: str) -> Session:
    """A mediation session and its record (调解笔录). Lock: the dossier row."""
    present, record = (present or "").strip(), (record or "").strip()
    _past(held_at, "held_at", "调解时间")
    if len(present) < 2:
        raise DomainError("请填写到场人员", field="present")
    if len(record) < 10:
        raise DomainError("请用至少10个字记录调解笔录", field="record")
    with transaction.atomic():
        m = _locked(mediation_id)
        need_mediator(actor, m)
        if m.result:
            raise Conflict("调解已终结，不能再记录调解", field="record")
        _working(actor, m)
        return Session.objects.create(mediation=m, held_at=held_at, present=present[:300],
                                      record=record[:5000], mediator=actor)


def reach_agreement(*, actor: User, mediation_id: int, terms: str, performance: str,
                    perform_by: date | None, committee: str = "") -> Agreement:
    """调解协议书: terms, how and by when they are performed. Lock: the dossier row."""
    terms, performance = (terms or "").strip(), (performance or "").strip()
    if len(terms) < 5:
        raise DomainError("协议内容不能为空，请写明双方达成的具体条款", field="terms")
    if len(performance) < 2:
        raise DomainError("请写明履行方式", field="performance")
    if perform_by is None:
        raise DomainError("请填写履行期限", field="perform_by")
    if perform_by < timezone.localdate():
        raise DomainError("履行期限不能早于今天", field="perform_by")
    with transaction.atomic():
        m = _locked(mediation_id)
        need_mediator(actor, m)
        if m.result:
            raise Conflict(f"该案件已{m.get_result_display()}", field="terms")
        if not m.sessions.exists():
            raise DomainError("请先记录至少一次调解（调解笔录）", field="record")
        _working(actor, m)
        assert m.case is not None
        # A case reopened because its agreement was not performed gets a revised agreement.
        agreement, _ = Agreement.objects.update_or_create(mediation=m, defaults=dict(
            terms=terms[:3000], performance=performance[:300], perform_by=perform_by,
            created_by=actor, created_at=timezone.now(), signed_scan="",
            committee=(committee.strip() or f"{m.case.region.name}人民调解委员会")[:60]))
        _step(actor, m, "resolve", text=f"达成调解协议，约定于{perform_by:%Y年%m月%d日}前履行")
        m.result, m.finished_at = Result.AGREEMENT, timezone.now()
        m.save(update_fields=["result", "finished_at"])
    return agreement


def record_failure(*, actor: User, mediation_id: int, reason: str,
                   channels: list[str]) -> MediationCase:
    """调解不成: the reason, and the other channels the parties were told of."""
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise DomainError("请写明未达成协议的原因", field="reason")
    bad = [c for c in channels if c not in Channel.values]
    if bad or not channels:
        raise DomainError("请选择告知当事人的其他途径：" + "、".join(Channel.labels),
                          field="channels")
    told = "、".join(Channel(c).label for c in channels)
    with transaction.atomic():
        m = _locked(mediation_id)
        need_mediator(actor, m)
        if m.result:
            raise Conflict(f"该案件已{m.get_result_display()}", field="reason")
        _working(actor, m)
        _step(actor, m, "reply", text=f"调解未达成协议（{reason[:100]}），已告知当事人可通过{told}解决")
        m.result, m.failure_reason, m.finished_at = Result.FAILED, reason[:300], timezone.now()
        m.channels = ",".join(channels)
        m.save(update_fields=["result", "failure_reason", "channels", "finished_at"])
    return m


def follow_up(*, actor: User, mediation_id: int, performed: str, note: str = "") -> FollowUp:
    """回访 within 30 days of the agreement: was it performed? Closes (or reopens) the case."""
    if performed not in FollowUp.Performed.values:
        raise DomainError("履行情况只能是：已履行、部分履行、未履行", field="performed")
    with transaction.atomic():
        m = _locked(mediation_id)
        need_mediator(actor, m)
        agreement = Agreement.objects.filter(mediation=m).first()
        if agreement is None or m.result != Result.AGREEMENT:
            raise DomainError("达成调解协议之后才能回访", field="performed")
        if timezone.now() > agreement.created_at + timedelta(days=FOLLOW_UP_DAYS):
            raise DomainError(f"已超过协议签订后{FOLLOW_UP_DAYS}天的回访期", field="performed")
        if m.case is not None and m.case.status in (Status.RESOLVED, Status.ANSWERED):
            label = FollowUp.Performed(performed).label
            _step(actor, m, "rate", rating=PERFORMED_RATING[FollowUp.Performed(performed)],
                  text=f"回访：协议{label}" + (f"，{note.strip()[:60]}" if note.strip() else ""))
            if performed == FollowUp.Performed.NO:
                # Back to mediation on the same case, with a new deadline: a revised
                # agreement, or 调解不成 with the other channels.
                m.result, m.finished_at = Result.OPEN, None
                m.save(update_fields=["result", "finished_at"])
        return FollowUp.objects.create(mediation=m, performed=performed,
                                       note=(note or "").strip()[:300], by=actor,
                                       at=timezone.now())


def attach_signed_scan(*, actor: User, mediation_id: int, data: bytes) -> Agreement:
    """The signed and sealed agreement, scanned back (PDF, JPEG or PNG)."""
    if not data:
        raise DomainError("请上传签字盖章后的协议书扫描件", field="scan")
    if len(data) > MAX_SCAN_BYTES:
        raise DomainError("扫描件不能超过10MB", field="scan")
    is_pdf = data.startswith(b"%PDF-")
    with transaction.atomic():
        m = _locked(mediation_id)
        need_mediator(actor, m)
        agreement = Agreement.objects.filter(mediation=m).first()
        if agreement is None:
            raise DomainError("尚未达成调解协议，不能上传协议书", field="scan")
        if is_pdf:
            folder = Path("mediation") / f"{timezone.localdate():%Y/%m}"
            (Path(settings.MEDIA_ROOT) / folder).mkdir(parents=True, exist_ok=True)
            rel = folder / f"{uuid4().hex}.pdf"
            (Path(settings.MEDIA_ROOT) / rel).write_bytes(data)
            agreement.signed_scan = str(rel)
        else:
            agreement.signed_scan = photos.store(photos.clean_photo(data))[0]
        agreement.save(update_fields=["signed_scan"])
    return agreement
