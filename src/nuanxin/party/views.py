"""The member's pages: declare membership, find the nearest organisations, check in."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nuanxin.accounts.models import User
from nuanxin.kernel.coords import check_point
from nuanxin.kernel.errors import DomainError
from nuanxin.party import selectors, services
from nuanxin.party.models import Basis, Organisation
from nuanxin.party.scope import org_scope
from nuanxin.party.where import locate
from nuanxin.people.models import Worker
from nuanxin.web.pages import act_and_redirect

BACK = "/party/"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _where(request: HttpRequest, user: User) -> tuple[float, float] | None:
    """The phone's position (?near=lat,lng, WGS-84), else the worker's work region point."""
    near = request.GET.get("near", "")
    if near:
        try:
            lat_s, lng_s = near.replace("，", ",").split(",")
            lng, lat = float(lng_s), float(lat_s)
            check_point(lng, lat)
            return lng, lat
        except (ValueError, DomainError):
            return None
    worker = Worker.objects.select_related("work_region").filter(user=user).first()
    if worker and worker.work_region.lng is not None and worker.work_region.lat is not None:
        return worker.work_region.lng, worker.work_region.lat
    return None


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    point = _where(request, user)
    here = locate(*point) if point else None
    found = selectors.nearest(*point) if point else []
    invited = None
    if request.GET.get("org", "").isdigit():
        invited = Organisation.objects.filter(pk=int(request.GET["org"])).first()
    return render(request, "party/mine.html", {
        "m": selectors.mine(user), "near": found, "here": here, "located": "near" in request.GET,
        "invited": invited, "bases": Basis.choices, "today": date.today().isoformat(),
        "is_party_staff": not org_scope(user).is_empty})


@login_required
@require_POST
def declare(request: HttpRequest) -> HttpResponse:
    def act() -> object:
        try:
            joined = date.fromisoformat(request.POST.get("joined_on", ""))
        except ValueError:
            raise DomainError("请填写入党时间", field="joined_on") from None
        return services.declare_membership(
            user=_user(request), record_org=request.POST.get("record_org", ""),
            joined_on=joined, is_mobile=request.POST.get("is_mobile") == "1")
    return act_and_redirect(request, act, done="党员身份已登记", back=BACK)


@login_required
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    def act() -> object:
        org_id = request.POST.get("organisation", "")
        if not org_id.isdigit():
            raise DomainError("请选择报到的党组织", field="organisation")
        return services.check_in(user=_user(request), organisation_id=int(org_id),
                                 basis=request.POST.get("basis", ""))
    return act_and_redirect(request, act, done="已提交报到，请等待党组织确认", back=BACK)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return act_and_redirect(
        request, lambda: services.withdraw_check_in(user=_user(request), checkin_id=pk),
        done="已撤回报到", back=BACK)
