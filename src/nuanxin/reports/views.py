"""Phone pages: report a problem, follow my reports, and the handler's queue."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nuanxin.accounts.permissions import region_scope
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.kernel.maps import Marker, map_data
from nuanxin.kernel.navigation import navigation_links
from nuanxin.people.selectors import current_user, optional_user
from nuanxin.points import selectors as points_selectors
from nuanxin.points.models import Reason
from nuanxin.points.services import source_key
from nuanxin.privacy.services import reveal_personal_field
from nuanxin.regions.paths import codes_of
from nuanxin.regions.selectors import get_region, roots
from nuanxin.reports import actions, selectors, services
from nuanxin.reports.ladder import UPPER_ROLES, parent_region
from nuanxin.reports.models import Rating, ReportPhoto
from nuanxin.reports.states import Status, allowed_actions
from nuanxin.reports.timeline import EVENT_LABELS
from nuanxin.web.pages import act_and_redirect
from nuanxin.web.uploads import read_upload
from nuanxin.workcalendar.selectors import assumes_plain_weekends, plain_weekends_checker

View = Callable[..., HttpResponse]
HANDLER_ACTIONS = {"accept", "start", "transfer", "return", "extend", "reply", "resolve", "reject"}



def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        raise DomainError("经纬度格式不正确", field="location") from None


def _hours(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise DomainError("延期时长应为整数（工作小时）", field="hours") from None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(request, "reports/index.html", {
        "reports": list(selectors.mine(user)[:50]),
        "is_handler": not selectors.handler_scope(user).is_empty,
    })


@login_required
def new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form: dict[str, Any] = {"idem": uuid.uuid4().hex}
    error: DomainError | None = None
    if request.method == "POST":
        form = request.POST.dict()
        try:
            report, _ = services.submit_report(reporter=user, client_ip=client_address(request), sub=(
                services.Submission(
                    category_code=form.get("category", ""), description=form.get("description", ""),
                    photos=[read_upload(f, field="photos")
                            for f in request.FILES.getlist("photos")],
                    lng=_float(form.get("lng")), lat=_float(form.get("lat")),
                    crs=form.get("crs") or "wgs84", address=form.get("address", ""),
                    anonymous=form.get("anonymous") == "on",
                    idempotency_key=form.get("idem", ""),
                    location_source=form.get("location_source") or "gps")))
        except DomainError as e:
            error = e
        else:
            messages.success(request, f"已提交，编号 {report.number}，分派至{report.region.name}")
            return HttpResponseRedirect(f"/reports/{report.pk}/")
    return render(request, "reports/new.html", {
        "categories": list(selectors.categories()), "form": form, "error": error},
        status=400 if error else 200)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = selectors.get_report(pk)
    except DomainError:
        raise Http404 from None
    user = optional_user(request)
    mine = user is not None and report.reporter_id == user.pk
    entry = None
    balance = None
    if mine and report.points_awarded:
        entry = points_selectors.entry_for_source(
            report.reporter, reason=Reason.REPORT_CONFIRMED, source=source_key(report))
        balance = points_selectors.balance_of(report.reporter)
    # Strangers get the point to about 10 m (a street), the reporter and handlers exactly.
    lng, lat = ((report.lng, report.lat) if selectors.sees_all_of(user, report)
                else selectors.public_point(report.lng, report.lat))
    return render(request, "reports/detail.html", {
        "r": report, "events": selectors.timeline(report, internal=False),
        "labels": EVENT_LABELS, "mine": mine,
        "can_rate": mine and report.status in (Status.RESOLVED, Status.ANSWERED),
        "ratings": Rating.choices, "points_entry": entry, "balance": balance,
        "is_handler": user is not None and selectors.is_handler_for(user, report),
        "photos": list(report.photos.all()) if selectors.photos_visible(report, user) else [],
        "show_reporter": selectors.sees_all_of(user, report),
        "due": selectors.current_due(report), "overdue": selectors.is_overdue(report),
        "spot_map": map_data(centre=(lng, lat), zoom=17, markers=[
            Marker(lng=lng, lat=lat, title=report.category.name)]),
        "nav": navigation_links(report.category.name, lng, lat),
        "due_plain": assumes_plain_weekends(report.created_at, selectors.current_due(report)),
    })


def _do(request: HttpRequest, pk: int, back: str, fn: Callable[[], Any], done: str) -> HttpResponse:
    return act_and_redirect(request, fn, done=done, back=back)


@login_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _do(request, pk, f"/reports/{pk}/", lambda: actions.rate(
        user=current_user(request), report_id=pk, rating=p.get("rating", ""),
        comment=p.get("comment", "")), "感谢您的评价")


@login_required
@require_POST
def dispute(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(request, pk, f"/reports/{pk}/", lambda: actions.dispute(
        user=current_user(request), report_id=pk, reason=request.POST.get("reason", "")),
        "异议已提交，将重新办理")


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(request, pk, f"/reports/{pk}/", lambda: services.follow_report(
        user=current_user(request), report_id=pk), "已关注，办理进展会通知您")


def photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    item = ReportPhoto.objects.select_related("report").filter(pk=pk).first()
    if item is None or size not in ("full", "thumb"):
        raise Http404
    if not selectors.photos_visible(item.report, optional_user(request)):
        raise Http404  # not yet accepted by a handler: only the reporter and handlers
    path = Path(settings.MEDIA_ROOT) / (item.image if size == "full" else item.thumb)
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    public = item.report.status in selectors.PHOTOS_PUBLIC
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


def handler_page(refusal: str) -> Callable[[View], View]:
    """Login, then a handler area: anyone without one goes back to /reports/ with `refusal`."""
    def deco(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if selectors.handler_scope(current_user(request)).is_empty:
                messages.error(request, refusal)
                return HttpResponseRedirect("/reports/")
            return view(request, *args, **kwargs)
        return login_required(wrapper)
    return deco


@handler_page(selectors.NOT_HANDLER)
def queue(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    status = request.GET.get("status", "open")
    try:
        items = list(selectors.queue(user, status=status,
                                     overdue_only=request.GET.get("overdue") == "1")[:100])
    except DomainError as e:
        messages.error(request, e.message)
        return HttpResponseRedirect("/reports/handle/")
    plain = plain_weekends_checker([(r.created_at, selectors.current_due(r)) for r in items])
    for r in items:
        r.due = selectors.current_due(r)  # type: ignore[attr-defined]
        r.late = selectors.is_overdue(r)  # type: ignore[attr-defined]
        r.plain = plain(r.created_at, r.due)  # type: ignore[attr-defined]
    overdue = request.GET.get("overdue") == "1"
    return render(request, "reports/queue.html", {
        "items": items, "status": "overdue" if overdue else status,
        "counts": selectors.queue_counts(user)})


@login_required
def handle(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    try:
        report = selectors.get_for_handler(user, pk)
    except DomainError as e:
        messages.error(request, e.message)
        return HttpResponseRedirect("/reports/handle/")
    above = parent_region(report.region)
    return render(request, "reports/handle.html", {
        "r": report, "events": selectors.timeline(report, internal=True), "labels": EVENT_LABELS,
        "allowed": set(allowed_actions(report.status)) & HANDLER_ACTIONS,
        "is_handler": selectors.is_handler_for(user, report),
        "is_upper": above is not None and region_scope(user, roles=UPPER_ROLES).covers(above),
        "return_reasons": actions.RETURN_REASONS, "reject_reasons": actions.REJECT_REASONS,
        "photos": list(report.photos.all()), "due": selectors.current_due(report),
        "overdue": selectors.is_overdue(report),
        "targets": selectors.transfer_targets(user, report, limit=200),
        "due_plain": assumes_plain_weekends(report.created_at, selectors.current_due(report)),
        "call_purposes": CALL_PURPOSES,
    })


CALL_PURPOSES = ("核实现场情况", "告知办理进展", "约定上门时间")


@login_required
@require_POST
def call_reporter(request: HttpRequest, pk: int) -> HttpResponse:
    """The handler calls the reporter back: the number is revealed for this report only,
    through the privacy service (a purpose, an access-log row), and shown masked."""
    user = current_user(request)
    try:
        report = selectors.get_for_handler(user, pk)
        if not selectors.is_handler_for(user, report):
            raise DomainError("只有承办人员可以联系报告人", field="report")
        number = reveal_personal_field(
            viewer=user, subject=report.reporter, field="phone", channel="page",
            purpose=f"随手拍{report.number}：{request.POST.get('purpose', '').strip()}"
            if request.POST.get("purpose", "").strip() else "",
            ip_address=client_address(request) or None, entitled=True)
    except DomainError as e:
        messages.error(request, e.message)
        return HttpResponseRedirect(f"/reports/handle/{pk}/")
    response = render(request, "reports/call.html", {"r": report, "number": number})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def transfer_targets(request: HttpRequest, pk: int) -> JsonResponse:
    """The transfer picker's search: regions the handler may send this report to."""
    user = current_user(request)
    try:
        report = selectors.get_for_handler(user, pk)
    except DomainError as e:
        return JsonResponse({"detail": e.message}, status=403)
    found = selectors.transfer_targets(user, report, q=request.GET.get("q", "")[:20])
    return JsonResponse({"results": [
        {"code": t.code, "name": t.name, "parent": t.parent.name if t.parent else ""}
        for t in found]})


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user, p = current_user(request), request.POST
    files = [read_upload(f, field="photos") for f in request.FILES.getlist("photos")]
    # The form sends `genuine_sent` so an unticked box means "not genuine".
    genuine = p.get("genuine") == "on" if "genuine_sent" in p else True
    table: dict[str, tuple[Callable[[], Any], str]] = {
        "accept": (lambda: actions.accept(user=user, report_id=pk), "已签收"),
        "start": (lambda: actions.start(user=user, report_id=pk), "已开始处理"),
        "reply": (lambda: actions.reply(user=user, report_id=pk, text=p.get("text", ""),
                                        genuine=genuine, photos=files), "已答复报告人"),
        "resolve": (lambda: actions.resolve(user=user, report_id=pk, text=p.get("text", ""),
                                            genuine=genuine, photos=files), "已办结"),
        "transfer": (lambda: actions.transfer(user=user, report_id=pk,
                                              region_code=p.get("region", "").strip(),
                                              reason=p.get("reason", "")), "已转派"),
        "return": (lambda: actions.return_report(user=user, report_id=pk,
                                                 reason=p.get("reason", ""),
                                                 note=p.get("note", "")), "已退单"),
        "extend": (lambda: actions.request_extension(
            user=user, report_id=pk, hours=_hours(p.get("hours")),
            reason=p.get("reason", "")), "延期申请已提交"),
        "decide": (lambda: actions.decide_extension(user=user, report_id=pk,
                                                    grant=p.get("grant") == "1",
                                                    note=p.get("note", "")), "已审批"),
        "reject": (lambda: actions.reject(user=user, report_id=pk, reason=p.get("reason", ""),
                                          note=p.get("note", "")), "已标记不予受理"),
        "supervise": (lambda: actions.supervise(user=user, report_id=pk,
                                                note=p.get("note", "")), "已督办"),
    }
    if action not in table:
        raise Http404
    fn, done = table[action]
    back = "/reports/handle/" if action == "accept" and p.get("from") == "queue" else (
        f"/reports/handle/{pk}/")
    return _do(request, pk, back, fn, done)


@handler_page("只有工作人员可以查看统计")
def overview(request: HttpRequest) -> HttpResponse:
    scope = selectors.handler_scope(current_user(request))  # cached on the user by region_scope
    # A superuser's scope is "everything" with no paths: start at the root of the tree.
    root = roots().first()
    code = request.GET.get("region") or (codes_of(scope.paths[0])[-1] if scope.paths
                                         else root.code if root else "")
    try:
        region = get_region(code)
    except DomainError:
        raise Http404 from None
    if not scope.covers(region):
        messages.error(request, "该区划不在您的管辖范围内")
        return HttpResponseRedirect("/reports/handle/")
    return render(request, "reports/overview.html", {
        "region": region, "rows": selectors.figures_below(region)})
