"""Staff pages: the activities they run, the roster, attendance, QR, Excel; the feeds."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.activities import ical, selectors, services
from nuanxin.activities.export import roster_workbook
from nuanxin.activities.models import Activity, Signup
from nuanxin.kernel.errors import DomainError
from nuanxin.regions.models import Region
from nuanxin.regions.paths import codes_of, subtree_q


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _managed(request: HttpRequest, pk: int) -> Activity:
    activity = selectors.with_counts(selectors.managed_by(_staff(request))
                                     .filter(pk=pk)).first()
    if activity is None:
        raise DjangoPermissionDenied("无权管理该活动")
    return activity


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    if region_scope(_staff(request), roles=services.ATTENDANCE_ROLES).is_empty:
        raise DjangoPermissionDenied("仅限工作人员")
    qs = selectors.managed_by(_staff(request))
    now = timezone.now()
    rows = list(selectors.with_counts(qs.filter(ends_at__gt=now - timedelta(days=31)))
                .order_by("starts_at")[:200])
    return render(request, "activities/manage.html", {
        "rows": rows,
        "can_publish": not region_scope(_staff(request), roles=services.ORGANISER_ROLES).is_empty})


def _checkin_url(request: HttpRequest, a: Activity) -> str:
    return request.build_absolute_uri(f"/activities/{a.pk}/checkin/{a.checkin_code}/")


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    rows = selectors.roster_with_positions(activity)
    return render(request, "activities/roster.html", {
        "a": activity, "rows": rows, "checkin_url": _checkin_url(request, activity),
        "attended": sum(1 for s, _ in rows if s.attended_at)})


@login_required
@require_POST
def attend(request: HttpRequest, pk: int, signup_id: int) -> HttpResponse:
    _managed(request, pk)
    if not Signup.objects.filter(pk=signup_id, activity_id=pk).exists():
        raise Http404
    try:
        s = services.mark_attendance(actor=_staff(request), signup_id=signup_id)
        messages.success(request, f"已为{s.user.display_name}登记签到")
    except DomainError as e:
        messages.error(request, e.message)
    return HttpResponseRedirect(f"/activities/{pk}/roster/")


@login_required
def roster_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    resp = HttpResponse(roster_workbook(activity), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    resp["Content-Disposition"] = f'attachment; filename="activity-{pk}-roster.xlsx"'
    return resp


@login_required
def qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    out = BytesIO()
    segno.make(_checkin_url(request, activity), error="m").save(out, kind="svg", scale=6,
                                                                 xmldecl=False)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def feed(request: HttpRequest) -> HttpResponse:
    """Public feed: a region's activities (with those of the regions above it)."""
    back, ahead = ical.feed_window()
    now = timezone.now()
    qs = Activity.objects.filter(starts_at__gte=now - back, starts_at__lte=now + ahead)
    name = "菏泽关爱活动"
    code = request.GET.get("region", "").strip()
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            return HttpResponse("区划代码不存在", status=404, content_type="text/plain")
        above = codes_of(region.path)
        qs = qs.filter(subtree_q(region.path, "region__path") | Q(region__code__in=above))
        name = f"{region.name}关爱活动"
    body = ical.build_calendar(qs.select_related("station").order_by("starts_at")[:2000],
                               name=name, base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def my_feed(request: HttpRequest, token: str) -> HttpResponse:
    user_id = ical.user_id_from_token(token)
    if user_id is None:
        raise Http404
    signups = Signup.objects.filter(user_id=user_id, status__in=("attending", "waitlisted"))
    qs = Activity.objects.filter(pk__in=signups.values("activity_id")).select_related("station")
    body = ical.build_calendar(qs.order_by("starts_at"), name="我的关爱活动",
                               base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
