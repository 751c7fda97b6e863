"""Benefit pages: programmes and my applications; staff review and the insurer's roster."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.benefits import selectors, services
from nuanxin.benefits.export import ROSTER_ROLES, roster_workbook
from nuanxin.benefits.models import Programme, ProgrammeKind
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.people.selectors import kinds_label, optional_user, worker_of
from nuanxin.stations.models import Station
from nuanxin.web.pages import act_and_redirect

USE_STATION_KINDS = ("rider_canteen", "rider_pharmacy", "community_centre")



def index(request: HttpRequest) -> HttpResponse:
    user = optional_user(request)
    worker = worker_of(user)
    mine = selectors.my_applications(user) if user else {}
    cards = [{"p": p, "left": selectors.quota_left(p), "mine": mine.get(p.pk),
              "why_not": selectors.why_not(p, worker, mine) if user else "",
              "for_whom": kinds_label(p.kinds)} for p in selectors.programmes()]
    return render(request, "benefits/index.html", {
        "cards": cards, "figures": selectors.figures(), "worker": worker,
        "is_reviewer": bool(user and not region_scope(
            user, roles=services.APPROVER_ROLES).is_empty),
        "can_record": bool(user and not region_scope(user, roles=services.USE_ROLES).is_empty)})


def _act(request: HttpRequest, action: Callable[[User], object], done: str,
         back: str) -> HttpResponse:
    """Run one POSTed action for the signed-in user; its refusal becomes the page message."""
    user = optional_user(request)
    assert user is not None
    return act_and_redirect(request, lambda: action(user), done=done, back=back)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, lambda user: services.apply(user=user, programme_id=pk),
                "申请已提交，请等待审核", "/benefits/")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, lambda user: services.withdraw(user=user, programme_id=pk),
                "已撤回申请", "/benefits/")


@login_required
def review(request: HttpRequest) -> HttpResponse:
    user = optional_user(request)
    assert user is not None
    if region_scope(user, roles=services.APPROVER_ROLES).is_empty:
        raise DjangoPermissionDenied("仅限审核人员")
    rows = list(selectors.to_review(user)[:200])
    return render(request, "benefits/review.html", {
        "rows": rows, "programmes": selectors.programmes(),
        "can_export": not region_scope(user, roles=ROSTER_ROLES).is_empty})


@login_required
@require_POST
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    if request.POST.get("decision") == "approve":
        return _act(request, lambda user: services.approve(
            actor=user, application_id=application_id), "已通过", "/benefits/review/")
    return _act(request, lambda user: services.reject(
        actor=user, application_id=application_id, note=request.POST.get("note", "")),
        "已退回", "/benefits/review/")


@login_required
def roster_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user = optional_user(request)
    assert user is not None
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None:
        raise Http404
    try:
        body = roster_workbook(actor=user, programme=programme,
                               ip_address=client_address(request) or None)
    except DomainError as e:
        raise DjangoPermissionDenied(e.message) from None
    resp = HttpResponse(body, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    resp["Content-Disposition"] = f'attachment; filename="programme-{pk}-roster.xlsx"'
    return resp


@login_required
def record_use(request: HttpRequest) -> HttpResponse:
    """The canteen, pharmacy or centre records one use at its counter."""
    user = optional_user(request)
    assert user is not None
    scope = region_scope(user, roles=services.USE_ROLES)
    if scope.is_empty:
        raise DjangoPermissionDenied("仅限站点负责人和工作人员")
    stations = list(scope.filter(Station.objects.filter(kind__in=USE_STATION_KINDS),
                                 "region").order_by("name")[:300])
    programmes = list(Programme.objects.exclude(kind=ProgrammeKind.INSURANCE).order_by("id"))
    error = ""
    if request.method == "POST":
        try:
            amount = Decimal(request.POST.get("amount_saved") or "0")
            if not amount.is_finite():  # "NaN", "Infinity" parse, but are no amount
                raise InvalidOperation
            station_raw = request.POST.get("station", "")
            use = services.record_use_by_phone(
                actor=user, programme_id=int(request.POST.get("programme", "0") or 0),
                phone=request.POST.get("phone", ""),
                station_id=int(station_raw) if station_raw else None, amount_saved=amount)
        except (InvalidOperation, ValueError):
            error = "金额或选项格式不正确"
        except DomainError as e:
            error = e.message
        else:
            messages.success(request, f"已登记：{use.application.user.phone_masked} 使用"
                                      f"{use.application.programme.name}")
            return HttpResponseRedirect("/benefits/uses/new")
    return render(request, "benefits/use.html", {
        "stations": stations, "programmes": programmes, "error": error, "post": request.POST})
