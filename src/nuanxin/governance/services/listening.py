"""书记赶集: open a session, record requests at the stall (offline-safe), triage them.

A request that "becomes a case" rides the report lifecycle through
`reports.services.open_case`: the same deadlines, ladder, reply and 回访, with the
resident told by SMS at each of those moments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import Role
from nuanxin.accounts.services import send_sms
from nuanxin.governance.models import (
    ListeningRequest,
    ListeningSession,
    Outcome,
    RequestCategory,
)
from nuanxin.governance.personal import sealed_name, sealed_phone
from nuanxin.governance.places import city_of, locate, within
from nuanxin.kernel import photos
from nuanxin.kernel.crypto import decrypt
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.reports import services as reports
from nuanxin.reports.models import Origin

STAFF_ROLES = {Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF,
               Role.CITY_ADMIN}
CASE_CATEGORY = ("listening", "书记赶集诉求", 4, 5)  # code, name, accept hours, resolve days
MAX_OFFICIALS = 300


def works_in(user: User, township: Region) -> bool:
    """Staff of the township or above, or of a village or grid inside it (a village
    secretary goes to the township's market too)."""
    scope = region_scope(user, roles=STAFF_ROLES)
    return scope.covers(township) or any(p.startswith(township.path) for p in scope.paths)


def _need_staff(user: User, township: Region) -> None:
    if not works_in(user, township):
        raise PermissionDenied("只有本乡镇(街道)的网格员、村(社区)和乡镇(街道)干部可以登记书记赶集")


def create_session(*, actor: User, township_code: str, held_on: date | None, market: str,
                   officials: str, lng: float | None = None,
                   lat: float | None = None) -> ListeningSession:
    """A market day the officials went to. Not in the future; the place lies in the township
    (without a point, the township's own point stands for it)."""
    township = Region.objects.filter(code=township_code, level=Level.TOWNSHIP).first()
    if township is None:
        raise DomainError(f"乡镇(街道)代码“{township_code}”不存在", field="township")
    if held_on is None:
        raise DomainError("请填写赶集日期", field="held_on")
    if held_on > timezone.localdate():
        raise DomainError("赶集日期不能晚于今天", field="held_on")
    market = (market or "").strip()
    if len(market) < 2:
        raise DomainError("请填写集市或地点名称", field="market")
    officials = (officials or "").strip()
    if not officials:
        raise DomainError("请填写到场干部", field="officials")
    if len(officials) > MAX_OFFICIALS:
        raise DomainError("到场干部不能超过300字", field="officials")
    if lng is None or lat is None:
        place, lng, lat = township, township.lng or 0.0, township.lat or 0.0
    else:
        place = locate(lng, lat, field="location")
    if not within(place, township) and not within(township, place):
        raise DomainError(f"地点不在{township.name}范围内，请确认定位", field="location")
    _need_staff(actor, township)
    return ListeningSession.objects.create(
        township=township, place=place, held_on=held_on, market=market[:60],
        lng=round(lng, 7), lat=round(lat, 7), officials=officials, created_by=actor)


@dataclass
class RequestIn:
    category: str
    description: str
    resident_name: str = ""
    resident_phone: str = ""
    lng: float | None = None
    lat: float | None = None
    photos: list[bytes] = field(default_factory=list)
    idempotency_key: str = ""


def get_session(session_id: int) -> ListeningSession:
    session = ListeningSession.objects.select_related("township", "place").filter(
        pk=session_id).first()
    if session is None:
        raise NotFound("赶集场次不存在", field="session")
    return session


def _earlier(actor: User, key: str) -> ListeningRequest | None:
    if not key:
        return None
    return ListeningRequest.objects.filter(recorded_by=actor, idempotency_key=key).first()


def record_request(*, actor: User, session_id: int,
                   data: RequestIn) -> tuple[ListeningRequest, bool]:
    """Record one resident's request; a resent Idempotency-Key returns the first copy.

    Everything is checked before anything is written; the unique (recorded_by, key)
    constraint settles two resends racing each other.
    """
    key = (data.idempotency_key or "").strip()
    if len(key) > 64:
        raise DomainError("Idempotency-Key 不能超过64个字符", field="Idempotency-Key")
    session = get_session(session_id)
    _need_staff(actor, session.township)
    earlier = _earlier(actor, key)
    if earlier is not None:
        if earlier.session_id != session.pk:
            raise Conflict("该 Idempotency-Key 已用于另一场次的诉求", field="Idempotency-Key")
        return earlier, False
    if data.category not in RequestCategory.values:
        raise DomainError("请选择诉求类别", field="category")
    description = (data.description or "").strip()
    if len(description) < 5:
        raise DomainError("请用至少5个字记录群众诉求", field="description")
    if len(description) > 500:
        raise DomainError("诉求内容不能超过500字", field="description")
    name_cipher, name_masked = sealed_name(data.resident_name, field="resident_name")
    _, phone_cipher, phone_masked = sealed_phone(data.resident_phone, field="resident_phone")
    lng, lat = (data.lng, data.lat) if data.lng is not None and data.lat is not None else (
        session.lng, session.lat)
    locate(lng, lat, field="location")
    cleaned = photos.clean_all(data.photos[:1])  # checked in memory before anything is written
    stored = [photos.store(c) for c in cleaned]
    paths = [p for pair in stored for p in pair]
    try:
        with transaction.atomic():
            req = ListeningRequest.objects.create(
                session=session, category=data.category, description=description,
                name_cipher=name_cipher, name_masked=name_masked, phone_cipher=phone_cipher,
                phone_masked=phone_masked, image=stored[0][0] if stored else "",
                thumb=stored[0][1] if stored else "", lng=round(lng, 7), lat=round(lat, 7),
                recorded_by=actor, idempotency_key=key, created_at=timezone.now())
    except IntegrityError:
        photos.remove(paths)
        again = _earlier(actor, key)
        if again is None:
            raise
        return again, False
    except Exception:
        photos.remove(paths)
        raise
    return req, True


def _text_resident(req: ListeningRequest, text: str) -> None:
    if not req.phone_cipher:
        return
    cipher = req.phone_cipher
    transaction.on_commit(lambda: send_sms(phone=decrypt(cipher), text=f"【暖新书记赶集】{text}"))


def triage_request(*, actor: User, request_id: int, outcome: str,
                   note: str = "") -> ListeningRequest:
    """Solved at the stall (with a note) or a case on the report lifecycle. Once only.

    Lock: the request row (select_for_update), so two taps never open two cases.
    """
    if outcome not in (Outcome.SOLVED, Outcome.CASE):
        raise DomainError("分流结果只能是：现场解决、转为工单", field="outcome")
    note = (note or "").strip()
    if outcome == Outcome.SOLVED and len(note) < 2:
        raise DomainError("请填写现场解决情况", field="note")
    with transaction.atomic():
        req = ListeningRequest.objects.select_for_update().filter(pk=request_id).first()
        if req is None:
            raise NotFound("诉求不存在", field="request")
        session = get_session(req.session_id)
        _need_staff(actor, session.township)
        if req.outcome != Outcome.PENDING:
            raise Conflict(f"该诉求已{req.get_outcome_display()}，不能重复分流", field="outcome")
        req.outcome, req.note, req.triaged_at = outcome, note[:300], timezone.now()
        if outcome == Outcome.SOLVED:
            _text_resident(req, f"您在{session.market}反映的问题已现场解决：{note[:50]}")
        else:
            code, name, accept, days = CASE_CATEGORY
            category = reports.case_category(city=city_of(session.township), code=code,
                                             name=name, accept_hours=accept, resolve_days=days)
            label = RequestCategory(req.category).label
            req.case = reports.open_case(
                origin=Origin.LISTENING, origin_ref=f"governance.listeningrequest:{req.pk}",
                reporter=actor, category=category, lng=req.lng, lat=req.lat,
                description=f"【{label}】{req.description}", address=session.market,
                contact_phone=decrypt(req.phone_cipher) if req.phone_cipher else "")
        req.save()
    return req
