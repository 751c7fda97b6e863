"""Worker pages: the calendar (near me, what I can join), an activity, my activities, check-in."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from nuanxin.accounts.permissions import region_scope
from nuanxin.activities import ical, selectors, services
from nuanxin.activities.models import Activity
from nuanxin.activities.services import ATTENDANCE_ROLES
from nuanxin.kernel.errors import DomainError, NotFound
from nuanxin.kernel.navigation import navigation_links
from nuanxin.people.selectors import kinds_label, optional_user, worker_of

PAGE_SIZE = 20


@gzip_page  # a rider's list on a weak network; no secrets in it
def calendar(request: HttpRequest) -> HttpResponse:
    """What the rider can join, in their area, soonest first (a page at a time); the whole
    calendar by month with ?all=1; nearest first when the phone shares its location."""
    user = optional_user(request)
    worker = worker_of(user)
    now = timezone.now()
    qs = selectors.upcoming(now)
    joinable = worker is not None and request.GET.get("all") != "1"
    if joinable and worker is not None:
        qs = selectors.open_for_signup(selectors.for_worker(qs, worker), now)
    error = ""
    near = request.GET.get("near", "").strip()
    rows: list[selectors.Found] = []
    page_obj = None
    if near:
        try:
            lng, lat = selectors.parse_near(near, request.GET.get("crs", "wgs84"))
            rows = selectors.near(lng, lat, 30, qs)[:PAGE_SIZE * 2]
        except DomainError as e:
            error, near = e.message, ""
    if not near:
        ordered = selectors.with_counts(qs).select_related("station", "station__region").order_by(
            "starts_at", "id")
        page_obj = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [selectors.Found(a, None) for a in page_obj.object_list]
    cards: list[dict[str, Any]] = [{
        "a": f.activity, "km": None if f.distance_m is None else f.distance_m / 1000,
        "seats": selectors.seats_left(f.activity), "queue": selectors.waitlist_left(f.activity),
        "why_not": selectors.why_not(f.activity, worker, now) if user else "",
        "for_whom": kinds_label(f.activity.kinds),
    } for f in rows]
    months = []
    if not near:
        for key, group in groupby(cards, key=lambda c: timezone.localtime(c["a"].starts_at)
                                  .strftime("%Y年%m月")):
            months.append((key, list(group)))
    keep = {k: v for k, v in request.GET.items() if k in ("all", "near", "crs") and v}
    next_url = ("?" + urlencode(keep | {"page": page_obj.next_page_number()})
                if page_obj is not None and page_obj.has_next() else "")
    return render(request, "activities/calendar.html", {
        "cards": cards, "months": months, "near": near, "joinable": joinable,
        "worker": worker, "error": error, "next_url": next_url, "page": page_obj,
        "can_manage": bool(user and not region_scope(user, roles=ATTENDANCE_ROLES).is_empty),
    })


def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity as an .ics file: "加入日历" on the phone's own calendar."""
    activity = _activity(pk)
    body = ical.build_calendar([activity], name=activity.title,
                               base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-{pk}.ics"'
    return response


def _activity(pk: int) -> Activity:
    try:
        return selectors.get_activity(pk)
    except NotFound:
        raise Http404("活动不存在") from None


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(pk)
    user = optional_user(request)
    worker = worker_of(user)
    now = timezone.now()
    mine = selectors.my_signups(user, activity) if user else []
    return render(request, "activities/detail.html", {
        "a": activity, "seats": selectors.seats_left(activity),
        "queue": selectors.waitlist_left(activity), "mine": mine,
        "why_not": selectors.why_not(activity, worker, now) if user else "",
        "for_whom": kinds_label(activity.kinds), "worker": worker,
        "can_manage": bool(user and selectors.managed_by(user).filter(pk=pk).exists()),
        "started": now >= activity.starts_at,
        "nav": navigation_links(activity.place_name, activity.lng, activity.lat),
    })


def _back(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"/activities/{pk}/")


@login_required
@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    user = optional_user(request)
    assert user is not None
    birth: date | None = None
    raw = request.POST.get("child_birth_date", "").strip()
    try:
        if raw:
            birth = date.fromisoformat(raw)
        s = services.sign_up(user=user, activity_id=pk,
                             child_name=request.POST.get("child_name", ""),
                             child_birth_date=birth)
    except ValueError:
        messages.error(request, "子女出生日期格式不正确")
    except DomainError as e:
        messages.error(request, e.message)
    else:
        if s.status == "attending":
            messages.success(request, "报名成功")
        else:
            messages.info(request, f"名额已满，您已进入候补，排第{services.queue_position(s)}位")
    return _back(pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = optional_user(request)
    assert user is not None
    child = request.POST.get("child_name")
    try:
        services.cancel_signup(user=user, activity_id=pk, child_name=child)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已取消报名")
    return _back(pk)


@login_required
def checkin(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The activity's QR opens this page; the worker confirms with one tap."""
    activity = _activity(pk)
    user = optional_user(request)
    assert user is not None
    done: list[object] = []
    error = ""
    if request.method == "POST":
        try:
            done = list(services.check_in(user=user, activity_id=pk, code=code))
        except DomainError as e:
            error = e.message
    return render(request, "activities/checkin.html", {
        "a": activity, "code": code, "done": done, "error": error},
        status=400 if error else 200)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = optional_user(request)
    assert user is not None
    rows = [(s, services.queue_position(s)) for s in selectors.my_activities(user)]
    feed = request.build_absolute_uri(f"/activities/my/{ical.feed_token(user.pk)}.ics")
    return render(request, "activities/mine.html", {"rows": rows, "feed": feed})
