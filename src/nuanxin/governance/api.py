"""Governance API: the stall's phone page posts requests here (resent safely offline)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status as HttpStatus
from pydantic import Field

from nuanxin.governance import selectors, services
from nuanxin.governance.models import ListeningRequest
from nuanxin.governance.services.listening import get_session
from nuanxin.kernel.coords import to_wgs84
from nuanxin.people.selectors import current_user

router = Router(tags=["书记赶集、小马扎"])


class RequestForm(Schema):
    category: str = Field(..., max_length=20)
    description: str = Field(..., max_length=500)
    resident_name: str = Field("", max_length=40)
    resident_phone: str = Field("", max_length=20)
    lng: float | None = None
    lat: float | None = None
    crs: str = "wgs84"


class CaseOut(Schema):
    number: str
    status: str
    region: str
    due: datetime | None
    overdue: bool


class RequestOut(Schema):
    id: int
    category: str
    category_label: str
    description: str
    resident_name: str
    resident_phone: str
    outcome: str
    outcome_label: str
    note: str
    case: CaseOut | None


def request_out(r: ListeningRequest) -> RequestOut:
    state = selectors.case_state(r.case)
    return RequestOut(
        id=r.pk, category=r.category, category_label=r.get_category_display(),
        description=r.description, resident_name=r.name_masked, resident_phone=r.phone_masked,
        outcome=r.outcome, outcome_label=r.get_outcome_display(), note=r.note,
        case=CaseOut(number=state.number, status=state.status, region=state.region,
                     due=state.due, overdue=state.overdue) if state else None)  # type: ignore[arg-type]


@router.post("/governance/sessions/{session_id}/requests",
             response={200: RequestOut, 201: RequestOut},
             summary="记录赶集诉求（multipart，可带1张照片 photo；带 Idempotency-Key 头，重发不重复）")
def record(request: HttpRequest, session_id: int, payload: Form[RequestForm],
           photo: File[UploadedFile] | None = None) -> HttpStatus[RequestOut]:
    lng, lat = payload.lng, payload.lat
    if lng is not None and lat is not None:
        lng, lat = to_wgs84(lng, lat, payload.crs)
    req, created = services.record_request(
        actor=current_user(request), session_id=session_id, data=services.RequestIn(
            category=payload.category, description=payload.description,
            resident_name=payload.resident_name, resident_phone=payload.resident_phone,
            lng=lng, lat=lat, photos=[photo.read()] if photo else [],
            idempotency_key=request.headers.get("Idempotency-Key", "")))
    req = ListeningRequest.objects.select_related("case__region").get(pk=req.pk)
    return HttpStatus(201 if created else 200, request_out(req))


@router.get("/governance/sessions/{session_id}/requests", response=list[RequestOut],
            summary="一场赶集的诉求及去向（姓名、电话已脱敏）")
def list_requests(request: HttpRequest, session_id: int) -> list[RequestOut]:
    session = selectors.session_for(current_user(request), session_id)
    return [request_out(r) for r in selectors.requests_of(session)]


class TriageIn(Schema):
    outcome: str = Field(..., max_length=10)
    note: str = Field("", max_length=300)


@router.post("/governance/requests/{request_id}/triage", response=RequestOut,
             summary="现场分流：现场解决（附说明）或转为工单（进入随手拍办理流程）")
def triage(request: HttpRequest, request_id: int, payload: TriageIn) -> RequestOut:
    req = services.triage_request(actor=current_user(request), request_id=request_id,
                                  outcome=payload.outcome, note=payload.note)
    get_session(req.session_id)
    return request_out(ListeningRequest.objects.select_related("case__region").get(pk=req.pk))
