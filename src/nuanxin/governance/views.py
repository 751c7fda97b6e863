"""Phone pages for 书记赶集: the sessions list, a session's stall page and its requests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.governance import selectors, services
from nuanxin.governance.forms import a_date, a_float
from nuanxin.governance.models import ListeningRequest, Outcome, RequestCategory
from nuanxin.governance.services.listening import STAFF_ROLES
from nuanxin.kernel.errors import DomainError
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.web.pages import act_and_redirect, refusals_as_pages

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _townships(user: User) -> list[Region]:
    """Townships in the user's scope, and the township a village secretary sits under."""
    scope = region_scope(user, roles=STAFF_ROLES)
    if scope.is_empty:
        return []
    above = {codes[2] for p in scope.paths if len(codes := [c for c in p.split("/") if c]) > 2}
    qs = Region.objects.filter(level=Level.TOWNSHIP)
    return list(qs.filter(scope.q("") | Q(code__in=above)).order_by("code")[:200])


@login_required
@refusals_as_pages
def sessions(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form: dict[str, Any] = {}
    error: DomainError | None = None
    if request.method == "POST":
        form = request.POST.dict()
        try:
            session = services.create_session(
                actor=user, township_code=form.get("township", ""),
                held_on=a_date(form.get("held_on"), "held_on", "赶集日期"),
                market=form.get("market", ""), officials=form.get("officials", ""),
                lng=a_float(form.get("lng"), "location"), lat=a_float(form.get("lat"), "location"))
        except DomainError as e:
            error = e
        else:
            return HttpResponseRedirect(f"/governance/listening/{session.pk}/")
    return render(request, "governance/sessions.html", {
        "sessions": list(selectors.sessions(user)[:50]), "townships": _townships(user),
        "form": form, "error": error}, status=400 if error else 200)


@login_required
@refusals_as_pages
def session(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    s = selectors.session_for(user, pk)
    requests = selectors.requests_of(s)
    return render(request, "governance/session.html", {
        "s": s, "categories": RequestCategory.choices,
        "rows": [(r, selectors.case_state(r.case)) for r in requests],
        "figures": selectors.listening_figures(s.requests.all()),
        "pending": Outcome.PENDING})


@login_required
@refusals_as_pages
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    outcome = request.POST.get("outcome", "")
    req = ListeningRequest.objects.filter(pk=pk).first()
    if req is None:
        raise Http404
    done = "已记为现场解决" if outcome == Outcome.SOLVED else "已转为工单，进入办理时限"
    return act_and_redirect(request, lambda: services.triage_request(
        actor=user, request_id=pk, outcome=outcome, note=request.POST.get("note", "")),
        done=done, back=f"/governance/listening/{req.session_id}/#r{pk}")


@login_required
@refusals_as_pages
def photo(request: HttpRequest, pk: int) -> FileResponse:
    req = ListeningRequest.objects.filter(pk=pk).first()
    if req is None or not req.thumb:
        raise Http404
    selectors.session_for(_user(request), req.session_id)
    path = Path(settings.MEDIA_ROOT) / req.thumb
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/jpeg")
