"""Pages for mediators: the case list (masked), intake, and the dossier with each step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_POST

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.mediation import selectors, services
from nuanxin.mediation.models import Channel, Difficulty, DisputeType, FollowUp
from nuanxin.mediation.rules import VIEW_ROLES, level_label
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.reports import selectors as cases
from nuanxin.web.pages import act_and_redirect, refusals_as_pages

PARTY_ROWS = 2


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _places(user: User) -> list[Region]:
    scope = region_scope(user, roles=VIEW_ROLES)
    if scope.is_empty:
        return []
    qs = Region.objects.filter(level__in=(Level.VILLAGE, Level.TOWNSHIP))
    return list(scope.filter(qs, "").order_by("code")[:300])


@login_required
@refusals_as_pages
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = list(selectors.visible(user).prefetch_related("parties")[:100])
    return render(request, "mediation/index.html", {
        "rows": [(m, selectors.masked_parties(m), level_label(m.case.region) if m.case else "待分级",
                  cases.is_overdue(m.case) if m.case else False) for m in rows],
        "can_intake": bool(_places(user))})


def _people(post: Any, side: str) -> list[services.PartyIn]:
    return [services.PartyIn(post.get(f"{side}_name_{i}", ""), post.get(f"{side}_phone_{i}", ""))
            for i in range(PARTY_ROWS)]


@login_required
@refusals_as_pages
def new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form: dict[str, Any] = {}
    error: DomainError | None = None
    if request.method == "POST":
        form = request.POST.dict()
        try:
            m = services.intake(actor=user, region_code=form.get("region", ""),
                                dispute_type=form.get("dispute_type", ""),
                                facts=form.get("facts", ""), request=form.get("request", ""),
                                applicants=_people(request.POST, "applicant"),
                                respondents=_people(request.POST, "respondent"))
        except DomainError as e:
            error = e
        else:
            return HttpResponseRedirect(f"/mediation/{m.pk}/")
    return render(request, "mediation/new.html", {
        "places": _places(user), "types": DisputeType.choices, "rows": range(PARTY_ROWS),
        "form": form, "error": error}, status=400 if error else 200)


@login_required
@refusals_as_pages
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.dossier(viewer=_user(request), mediation_id=pk, what="案卷",
                          ip_address=client_address(request) or None)
    case = d.case.case
    return render(request, "mediation/detail.html", {
        "d": d, "m": d.case, "case": case,
        "level": level_label(case.region) if case else "待分级",
        "due": cases.current_due(case) if case else None,
        "overdue": cases.is_overdue(case) if case else False,
        "difficulties": Difficulty.choices, "channels": Channel.choices,
        "performed": FollowUp.Performed.choices,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})


def _date(value: str) -> Any:
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _when(value: str) -> Any:
    try:
        parsed = parse_datetime(value or "")
    except ValueError:
        parsed = None
    if parsed is None:
        raise DomainError("请填写调解时间", field="held_at")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


Step = Callable[[User, int, Any, Any], object]
STEPS: dict[str, tuple[str, Step]] = {
    "triage": ("已分级受理", lambda u, pk, p, f: services.triage(
        actor=u, mediation_id=pk, difficulty=p.get("difficulty", ""))),
    "take": ("已签收", lambda u, pk, p, f: services.take(actor=u, mediation_id=pk)),
    "session": ("调解笔录已保存", lambda u, pk, p, f: services.record_session(
        actor=u, mediation_id=pk, held_at=_when(p.get("held_at", "")),
        present=p.get("present", ""), record=p.get("record", ""))),
    "agreement": ("已达成调解协议，可打印协议书", lambda u, pk, p, f: services.reach_agreement(
        actor=u, mediation_id=pk, terms=p.get("terms", ""), performance=p.get("performance", ""),
        perform_by=_date(p.get("perform_by", "")))),
    "failure": ("已记录调解不成，并告知其他途径", lambda u, pk, p, f: services.record_failure(
        actor=u, mediation_id=pk, reason=p.get("reason", ""), channels=p.getlist("channels"))),
    "follow_up": ("回访已记录", lambda u, pk, p, f: services.follow_up(
        actor=u, mediation_id=pk, performed=p.get("performed", ""), note=p.get("note", ""))),
    "scan": ("签字盖章的协议书已上传", lambda u, pk, p, f: services.attach_signed_scan(
        actor=u, mediation_id=pk, data=f["scan"].read() if "scan" in f else b"")),
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    done, run = STEPS[step]
    user = _user(request)
    return act_and_redirect(request, lambda: run(user, pk, request.POST, request.FILES),
                            done=done, back=f"/mediation/{pk}/")


@login_required
@refusals_as_pages
def scan(request: HttpRequest, pk: int) -> FileResponse:
    d = selectors.dossier(viewer=_user(request), mediation_id=pk, what="协议书扫描件",
                          ip_address=client_address(request) or None)
    if d.agreement is None or not d.agreement.signed_scan:
        raise Http404
    path = Path(settings.MEDIA_ROOT) / d.agreement.signed_scan
    if not path.is_file():
        raise Http404
    kind = "application/pdf" if path.suffix == ".pdf" else "image/jpeg"
    response = FileResponse(path.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, no-store"
    return response



