"""Bike pages: the bike's QR (sign out, report damage), the parking point's QR (return),
my current trip, and printable QR codes."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nuanxin.access import bike_services
from nuanxin.access.models import Bike, ParkingPoint, Trip
from nuanxin.accounts.models import User
from nuanxin.web.pages import act_and_redirect


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


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
