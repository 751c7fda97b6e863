"""Snap-report API: submit (multipart), read, the reporter's list, and every action."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status as HttpStatus
from pydantic import Field

from nuanxin.kernel.coords import check_crs, to_wgs84
from nuanxin.kernel.errors import NotFound, PermissionDenied
from nuanxin.kernel.http import client_address
from nuanxin.people.selectors import current_user, optional_user
from nuanxin.regions.selectors import get_region
from nuanxin.reports import actions, selectors, services
from nuanxin.reports.schemas import (
    CategoryOut,
    DecideIn,
    ExtendIn,
    FiguresOut,
    NearbyOut,
    RateIn,
    ReasonIn,
    ReportBrief,
    ReportOut,
    TextIn,
    TransferIn,
    brief,
    category_out,
    report_out,
)
from nuanxin.reports.states import Status
from nuanxin.web.pagination import Page, PageIn, paginate
from nuanxin.web.uploads import read_upload

router = Router(tags=["随手拍"])


class SubmitIn(Schema):
    category: str = Field(..., max_length=40)
    description: str = Field(..., max_length=500)
    lng: float | None = None
    lat: float | None = None
    crs: str = "wgs84"
    address: str = Field("", max_length=200)
    anonymous: bool = False


class QueueFilter(PageIn):
    status: str = ""
    overdue: bool = False


def _out(request: HttpRequest, report_id: int, crs: str = "wgs84") -> ReportOut:
    report = selectors.get_report(report_id)
    user = optional_user(request)
    internal = user is not None and selectors.is_handler_for(user, report)
    return report_out(report, selectors.timeline(report, internal=internal),
                      crs=check_crs(crs), internal=internal,
                      own=user is not None and report.reporter_id == user.pk,
                      photos=selectors.photos_visible(report, user))


def _acted(request: HttpRequest, report_id: int, action: Callable[..., object],
           **fields: object) -> ReportOut:
    """Every action endpoint: run `action` as the caller on the report, answer its new face."""
    action(user=current_user(request), report_id=report_id, **fields)
    return _out(request, report_id)


@router.get("/reports/categories", response=list[CategoryOut], auth=None,
            summary="随手拍类别及时限")
def list_categories(request: HttpRequest) -> list[CategoryOut]:
    return [category_out(c) for c in selectors.categories()]


@router.get("/reports/nearby", response=list[NearbyOut], auth=None,
            summary="提交前：100米内同类未办结的问题")
def nearby(request: HttpRequest, category: str, lng: float, lat: float,
           crs: str = "wgs84") -> list[NearbyOut]:
    wlng, wlat = to_wgs84(lng, lat, crs)
    return [NearbyOut(id=r.pk, number=r.number, description=r.description[:80],
                      status_label=Status(r.status).label, distance_m=round(d),
                      supporters=r.supporters.count())
            for r, d in selectors.nearby_open(category, wlng, wlat)]


@router.post("/reports", response={200: ReportOut, 201: ReportOut},
             summary="提交随手拍（multipart：字段 + 1至9张照片 photos；可带 Idempotency-Key 头）")
def submit(request: HttpRequest, payload: Form[SubmitIn],
           photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
           ) -> HttpStatus[ReportOut]:
    user = current_user(request)
    files = [read_upload(f, field="photos") for f in (photos or [])]
    report, created = services.submit_report(
        reporter=user, client_ip=client_address(request),
        sub=services.Submission(
            category_code=payload.category, description=payload.description, photos=files,
            lng=payload.lng, lat=payload.lat, crs=payload.crs, address=payload.address,
            anonymous=payload.anonymous,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        ))
    return HttpStatus(201 if created else 200, _out(request, report.pk, payload.crs))


@router.get("/reports/mine", response=Page[ReportBrief], summary="我提交的随手拍")
def my_reports(request: HttpRequest, q: Query[PageIn]) -> Page[ReportBrief]:
    return paginate(selectors.mine(current_user(request)), q.page, brief)


@router.get("/reports/queue", response=Page[ReportBrief],
            summary="承办队列：我辖区的随手拍，超期优先")
def handler_queue(request: HttpRequest, q: Query[QueueFilter]) -> Page[ReportBrief]:
    user = current_user(request)
    if selectors.handler_scope(user).is_empty:
        raise PermissionDenied(selectors.NOT_HANDLER)
    return paginate(selectors.queue(user, status=q.status, overdue_only=q.overdue), q.page,
                    brief)


@router.get("/reports/figures", response=list[FiguresOut],
            summary="本级及下级：超期、临期、退单、升级数，按时办结率与满意率")
def figures(request: HttpRequest, region: str) -> list[selectors.Figures]:
    user = current_user(request)
    try:
        target = get_region(region, field="region")
    except NotFound as e:  # name the query parameter the caller sent
        raise NotFound(e.message, field="region") from None
    if not selectors.handler_scope(user).covers(target):
        raise PermissionDenied("该区划不在您的管辖范围内")
    return selectors.figures_below(target)  # FiguresOut resolves the region fields


@router.get("/reports/{report_id}", response=ReportOut, auth=None,
            summary="随手拍详情及公开办理记录（承办人另见内部记录）")
def detail(request: HttpRequest, report_id: int, crs: str = "wgs84") -> ReportOut:
    return _out(request, report_id, crs)


@router.post("/reports/{report_id}/follow", response=ReportOut, summary="同一问题：关注它")
def follow(request: HttpRequest, report_id: int) -> ReportOut:
    return _acted(request, report_id, services.follow_report)


@router.post("/reports/{report_id}/accept", response=ReportOut, summary="签收")
def accept(request: HttpRequest, report_id: int) -> ReportOut:
    return _acted(request, report_id, actions.accept)


@router.post("/reports/{report_id}/start", response=ReportOut, summary="开始处理")
def start(request: HttpRequest, report_id: int) -> ReportOut:
    return _acted(request, report_id, actions.start)


@router.post("/reports/{report_id}/transfer", response=ReportOut,
             summary="转派（上级改派退单也用此接口）")
def transfer(request: HttpRequest, report_id: int, payload: TransferIn) -> ReportOut:
    return _acted(request, report_id, actions.transfer,
                  region_code=payload.region, reason=payload.reason)


@router.post("/reports/{report_id}/return", response=ReportOut,
             summary="退单（reason: wrong_area / unclear_ownership / not_responsible）")
def return_(request: HttpRequest, report_id: int, payload: ReasonIn) -> ReportOut:
    return _acted(request, report_id, actions.return_report,
                  reason=payload.reason, note=payload.note)


@router.post("/reports/{report_id}/extend", response=ReportOut, summary="申请延期（期限前）")
def extend(request: HttpRequest, report_id: int, payload: ExtendIn) -> ReportOut:
    return _acted(request, report_id, actions.request_extension,
                  hours=payload.hours, reason=payload.reason)


@router.post("/reports/{report_id}/extend/decide", response=ReportOut,
             summary="上级审批延期")
def decide(request: HttpRequest, report_id: int, payload: DecideIn) -> ReportOut:
    return _acted(request, report_id, actions.decide_extension,
                  grant=payload.grant, note=payload.note)


@router.post("/reports/{report_id}/reply", response=ReportOut, summary="答复报告人")
def reply(request: HttpRequest, report_id: int, payload: TextIn) -> ReportOut:
    return _acted(request, report_id, actions.reply, text=payload.text, genuine=payload.genuine)


@router.post("/reports/{report_id}/resolve", response=ReportOut, summary="现场解决")
def resolve(request: HttpRequest, report_id: int, payload: TextIn) -> ReportOut:
    return _acted(request, report_id, actions.resolve, text=payload.text, genuine=payload.genuine)


@router.post("/reports/{report_id}/reject", response=ReportOut,
             summary="不予受理（reason: duplicate / not_applicable / unverifiable）")
def reject(request: HttpRequest, report_id: int, payload: ReasonIn) -> ReportOut:
    return _acted(request, report_id, actions.reject, reason=payload.reason, note=payload.note)


@router.post("/reports/{report_id}/supervise", response=ReportOut, summary="上级督办")
def supervise(request: HttpRequest, report_id: int, payload: ReasonIn) -> ReportOut:
    return _acted(request, report_id, actions.supervise, note=payload.reason)


@router.post("/reports/{report_id}/rate", response=ReportOut,
             summary="回访评价（satisfied / basic / dissatisfied）")
def rate(request: HttpRequest, report_id: int, payload: RateIn) -> ReportOut:
    return _acted(request, report_id, actions.rate, rating=payload.rating, comment=payload.comment)


@router.post("/reports/{report_id}/dispute", response=ReportOut, summary="提出异议")
def dispute(request: HttpRequest, report_id: int, payload: ReasonIn) -> ReportOut:
    return _acted(request, report_id, actions.dispute, reason=payload.reason)


