"""Pages for 小马扎 (staff: meetings, decisions, tasks, talk QR codes; public: the progress
page and the talk check-in)."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can, region_scope
from nuanxin.governance import selectors, services
from nuanxin.governance.forms import a_date, a_datetime, an_int, lines
from nuanxin.governance.services.forums import MeetingIn, VoteIn
from nuanxin.governance.services.listening import STAFF_ROLES
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.web.pages import act_and_redirect, refusals_as_pages

DECISION_ROWS = 3


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _communities(user: User) -> list[Region]:
    scope = region_scope(user, roles=STAFF_ROLES)
    if scope.is_empty:
        return []
    return list(scope.filter(Region.objects.filter(level=Level.VILLAGE), "").order_by("code")[:300])


def _decisions(post: Any) -> list[VoteIn]:
    out = []
    for i in range(DECISION_ROWS):
        text = post.get(f"decision_{i}", "").strip()
        if text:
            out.append(VoteIn(text=text,
                              votes_for=an_int(post.get(f"for_{i}"), "votes_for", "赞成票数"),
                              votes_against=an_int(post.get(f"against_{i}"), "votes_against",
                                                   "反对票数"),
                              votes_abstain=an_int(post.get(f"abstain_{i}"), "votes_abstain",
                                                   "弃权票数") or 0))
    return out


@login_required
@refusals_as_pages
def meetings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form: dict[str, Any] = {}
    error: DomainError | None = None
    if request.method == "POST":
        form = request.POST.dict()
        try:
            if form.get("kind") == "talk":
                talk = services.create_talk(
                    actor=user, community_code=form.get("community", ""),
                    starts_at=a_datetime(form.get("starts_at"), "starts_at", "宣讲时间"),
                    topic=form.get("topic", ""), speaker=form.get("speaker", ""))
                return HttpResponseRedirect(f"/governance/talks/{talk.pk}/")
            meeting = services.create_meeting(actor=user, data=MeetingIn(
                community_code=form.get("community", ""),
                held_on=a_date(form.get("held_on"), "held_on", "议事日期") or _missing("held_on"),
                title=form.get("title", ""), agenda=lines(form.get("agenda")),
                participants=lines(form.get("participants")), minutes=form.get("minutes", ""),
                decisions=_decisions(request.POST)))
        except DomainError as e:
            error = e
        else:
            return HttpResponseRedirect(f"/governance/forums/{meeting.pk}/")
    return render(request, "governance/meetings.html", {
        "meetings": list(selectors.meetings(user)[:50]), "communities": _communities(user),
        "rows": range(DECISION_ROWS), "form": form, "error": error},
        status=400 if error else 200)


def _missing(field: str) -> Any:
    raise DomainError("请填写议事日期", field=field)


@login_required
@refusals_as_pages
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.meeting_for(_user(request), pk)
    return render(request, "governance/meeting.html", {"m": m})


@login_required
@refusals_as_pages
@require_POST
def add_task(request: HttpRequest, pk: int) -> HttpResponse:
    back = request.POST.get("back", "/governance/forums/")
    return act_and_redirect(request, lambda: services.add_task(
        actor=_user(request), decision_id=pk, title=request.POST.get("title", ""),
        owner=request.POST.get("owner", ""),
        due_on=a_date(request.POST.get("due_on"), "due_on", "完成期限") or _due_missing()),
        done="已安排落实任务", back=back if back.startswith("/governance/") else "/")


def _due_missing() -> Any:
    raise DomainError("请填写完成期限", field="due_on")


@login_required
@refusals_as_pages
@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    back = request.POST.get("back", "/governance/forums/")
    return act_and_redirect(request, lambda: services.update_task(
        actor=_user(request), task_id=pk,
        progress=an_int(request.POST.get("progress"), "progress", "进度") or 0,
        note=request.POST.get("note", "")),
        done="进度已更新", back=back if back.startswith("/governance/") else "/")


@refusals_as_pages
def public_progress(request: HttpRequest, code: str) -> HttpResponse:
    """Public: what the community decided and how far each decision has got. No names."""
    community = selectors.community(code)
    return render(request, "governance/progress.html", {
        "community": community, "decisions": selectors.public_progress(community)})


def _checkin_url(request: HttpRequest, talk_id: int, code: str) -> str:
    return request.build_absolute_uri(f"/governance/talks/{talk_id}/checkin?code={code}")


@login_required
@refusals_as_pages
def talk(request: HttpRequest, pk: int) -> HttpResponse:
    t = selectors.talk(pk)
    staff = can(_user(request), STAFF_ROLES, t.community)
    if not staff:
        raise PermissionDenied("只有本辖区工作人员可以查看签到码")
    return render(request, "governance/talk.html", {
        "t": t, "attendance": t.attendance.count(),
        "checkin_url": _checkin_url(request, t.pk, t.checkin_code)})


@login_required
@refusals_as_pages
def talk_qr(request: HttpRequest, pk: int) -> HttpResponse:
    t = selectors.talk(pk)
    if not can(_user(request), STAFF_ROLES, t.community):
        raise PermissionDenied("只有本辖区工作人员可以查看签到码")
    out = io.BytesIO()
    segno.make(_checkin_url(request, t.pk, t.checkin_code), error="m").save(
        out, kind="svg", scale=6, border=2)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@login_required
@refusals_as_pages
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    t = selectors.talk(pk)
    code = request.GET.get("code") or request.POST.get("code", "")
    message, ok = "", False
    if request.method == "POST":
        try:
            services.check_in_talk(user=_user(request), talk_id=pk, code=code)
        except DomainError as e:
            message = e.message
        else:
            ok, message = True, "签到成功，感谢参加！"
    return render(request, "governance/checkin.html", {"t": t, "code": code, "ok": ok,
                                                        "message": message})
