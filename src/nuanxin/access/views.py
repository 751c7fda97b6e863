"""Rider pages: my pass (a QR that changes every minute), "门岗不放行", a community's map,
and the access-bike pages a bike's or a parking point's QR opens."""

from __future__ import annotations

from pathlib import Path

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from nuanxin.access import bike_services, selectors, services
from nuanxin.access.models import Bike, ParkingPoint, Trip
from nuanxin.accounts.models import User
from nuanxin.kernel.coords import check_crs, check_point, to_wgs84
from nuanxin.kernel.errors import DomainError
from nuanxin.web.pages import act_and_redirect


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _svg(token: str) -> str:
    return str(segno.make(token, error="l").svg_inline(scale=4, border=3))


@login_required
def my_pass(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        upload = request.FILES.get("photo")
        try:
            services.issue_pass(user=user, photo=upload.read() if upload else b"")
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "通行证已签发")
        return HttpResponseRedirect("/access/pass/")
    worker = selectors.worker_of(user)
    rider_pass = selectors.pass_of(user)
    token = error = qr_svg = ""
    try:
        if rider_pass is not None:
            _, minted = services.current_token(user=user)
            token, qr_svg = minted.token, _svg(minted.token)
    except DomainError as e:
        error = e.message
    return render(request, "access/pass.html", {
        "worker": worker, "pass": rider_pass, "token": token, "error": error, "qr_svg": qr_svg,
        "kind_label": worker.get_kind_display() if worker else "",
        "communities": list(selectors.opted_in().order_by("region__code")[:50]),
    })


@login_required
def pass_qr(request: HttpRequest) -> HttpResponse:
    """The current token as a QR (SVG); the page reloads it every minute."""
    try:
        _, minted = services.current_token(user=_user(request))
    except DomainError as e:
        return HttpResponse(e.message, status=400, content_type="text/plain; charset=utf-8")
    resp = HttpResponse(_svg(minted.token), content_type="image/svg+xml; charset=utf-8")
    resp["Cache-Control"] = "no-store"
    resp["X-Token"] = minted.token  # the page shows it for pasting on phones without camera
    return resp


@login_required
def my_photo(request: HttpRequest) -> FileResponse:
    rider_pass = selectors.pass_of(_user(request))
    if rider_pass is None:
        raise Http404("照片不存在")
    path = Path(settings.MEDIA_ROOT) / rider_pass.photo_thumb
    if not path.exists():
        raise Http404("照片不存在")
    return FileResponse(path.open("rb"), content_type="image/jpeg")


@login_required
def refused(request: HttpRequest) -> HttpResponse:
    """门岗不放行: one tap from the pass page, becomes a snap report for the community."""
    if request.method == "POST":
        try:
            report = services.report_gate_refusal(
                user=_user(request), community_code=request.POST.get("community", ""),
                description=request.POST.get("description", ""),
                photos=[f.read() for f in request.FILES.getlist("photos")],
                idempotency_key=request.POST.get("idempotency_key", ""))
        except DomainError as e:
            messages.error(request, e.message)
            return HttpResponseRedirect("/access/refused/")
        messages.success(request, f"已提交，派至{report.region.name}及其物业")
        return HttpResponseRedirect(f"/reports/{report.pk}/")
    import uuid

    return render(request, "access/refused.html", {
        "communities": list(selectors.opted_in().order_by("region__code")[:200]),
        "chosen": request.GET.get("community", ""), "key": uuid.uuid4().hex})


def community_page(request: HttpRequest, code: str) -> HttpResponse:
    """An opted-in community's rules and map (buildings, gates, e-bike parking, parcel
    shelves, access-bike points). Public: it shows places, not people."""
    try:
        community = selectors.get_community(code)
    except DomainError:
        raise Http404("该社区未开通骑手通行") from None
    return render(request, "access/community.html", {
        "c": community, "rules": selectors.rules_out(community),
        "features": selectors.features(community),
        "points": list(community.points.all()),
    })


def near(request: HttpRequest) -> HttpResponse:
    """Community maps near the rider (linked from the station finder)."""
    try:
        lng, lat = float(request.GET.get("lng", "")), float(request.GET.get("lat", ""))
        check_point(lng, lat)
        lng, lat = to_wgs84(lng, lat, check_crs(request.GET.get("crs", "wgs84")))
    except (ValueError, DomainError):
        return render(request, "access/near.html", {"found": [], "error": "请先定位"})
    found = [{"c": c, "metres": round(d)} for d, c in selectors.communities_near(lng=lng, lat=lat)]
    return render(request, "access/near.html", {"found": found, "error": ""})


# Bikes: the bike's QR (sign out, report damage), the parking point's QR (return), my
# current trip, and printable QR codes.


def _open_trip(user: User) -> Trip | None:
    return (Trip.objects.filter(rider=user, ended_at__isnull=True)
            .select_related("bike", "bike__community__region").first())


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "access/bikes.html", {
        "trip": _open_trip(user),
        "history": list(Trip.objects.filter(rider=user).select_related("bike", "to_point")[:10]),
    })


@login_required
def bike_page(request: HttpRequest, code: str) -> HttpResponse:
    bike = Bike.objects.select_related("community__region", "point").filter(code=code).first()
    if bike is None:
        raise Http404("没有这辆车")
    user = _user(request)
    back = f"/access/b/{code}"
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "take":
            return act_and_redirect(request, lambda: bike_services.sign_out(
                user=user, bike_code=code), done=f"已借出{bike.number}号车，用完请还到本社区任一停放点",
                back="/access/bikes/")
        if action == "damage":
            upload = request.FILES.get("photo")
            return act_and_redirect(request, lambda: bike_services.report_damage(
                user=user, bike_code=code, note=request.POST.get("note", ""),
                photo=upload.read() if upload else b""), done="已报修，该车暂停使用", back=back)
    return render(request, "access/bike.html", {"bike": bike, "mine": bike.rider_id == user.pk})


@login_required
def point_page(request: HttpRequest, code: str) -> HttpResponse:
    point = ParkingPoint.objects.select_related("community__region").filter(code=code).first()
    if point is None:
        raise Http404("没有这个停放点")
    user = _user(request)
    if request.method == "POST":
        return act_and_redirect(request, lambda: bike_services.return_bike(
            user=user, point_code=code), done=f"已还车到{point.name}，谢谢", back="/access/bikes/")
    return render(request, "access/point.html", {
        "point": point, "trip": _open_trip(user),
        "bikes": list(point.bikes.filter(in_service=True, rider__isnull=True))})


def qr(request: HttpRequest, what: str, code: str) -> HttpResponse:
    """Printable QR of a bike (`b`) or a parking point (`p`): the URL a phone camera opens."""
    if what not in ("b", "p"):
        raise Http404
    model = Bike if what == "b" else ParkingPoint
    if not model.objects.filter(code=code).exists():
        raise Http404
    svg = segno.make(request.build_absolute_uri(f"/access/{what}/{code}"), error="m").svg_inline(
        scale=8, border=2)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
