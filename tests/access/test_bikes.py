"""Access bikes: sign out by the bike's QR, return at any point of the community, overdue
flag and reminder, damage takes a bike out of service; figures count them."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.test.client import MULTIPART_CONTENT
from django.utils import timezone

from nuanxin.access import bike_services, figures, services
from nuanxin.access.models import Bike, Trip
from nuanxin.notifications.models import Notification

from .conftest import jpeg

pytestmark = pytest.mark.django_db


def test_sign_out_and_return_through_api(bikes: Any, make_rider: Any, api_as: Any) -> None:
    (_south, east), (b1, *_rest) = bikes
    rider, other = make_rider(), make_rider()
    resp = api_as(rider).post(f"/api/access/bikes/{b1.code}/sign-out")
    assert resp.status_code == 201, resp.content
    assert resp.json()["bike"] == "DA-01"
    taken = api_as(other).post(f"/api/access/bikes/{b1.code}/sign-out")
    assert taken.status_code == 409 and "已被借出" in taken.json()["detail"]
    second = api_as(rider).post(f"/api/access/bikes/{bikes[1][1].code}/sign-out")
    assert second.status_code == 409 and "请先归还" in second.json()["detail"]
    back = api_as(rider).post(f"/api/access/points/{east.code}/return")
    assert back.status_code == 200 and back.json()["returned_to"] == "东门停放点"
    b1.refresh_from_db()
    assert b1.rider is None and b1.point == east
    assert api_as(rider).post(f"/api/access/points/{east.code}/return").status_code == 400


def test_return_only_inside_the_community(bikes: Any, make_rider: Any, make_user: Any,
                                          regions: Any) -> None:
    (_south, _east), (b1, *_r) = bikes
    other_staff = make_user(("community_staff", "371702001006"))
    elsewhere = services.set_community_rules(user=other_staff, region_code="371702001006",
                                             rules=services.Rules())
    far = bike_services.add_point(user=other_staff, community=elsewhere, name="双河停放点",
                                  lng=115.495, lat=35.238)
    rider = make_rider()
    bike_services.sign_out(user=rider, bike_code=b1.code)
    with pytest.raises(Exception, match="本社区的停放点"):
        bike_services.return_bike(user=rider, point_code=far.code)
    assert Trip.objects.get().ended_at is None


def test_unverified_rider_cannot_take_a_bike(bikes: Any, make_rider: Any, api_as: Any) -> None:
    resp = api_as(make_rider(verified=False)).post(
        f"/api/access/bikes/{bikes[1][0].code}/sign-out")
    assert resp.status_code == 400 and resp.json()["field"] == "worker"
    assert not Trip.objects.exists()


def test_overdue_is_flagged_once_and_the_rider_reminded(bikes: Any, make_rider: Any) -> None:
    rider = make_rider()
    start = timezone.now() - timedelta(minutes=50)  # community allows 45 minutes
    bike_services.sign_out(user=rider, bike_code=bikes[1][0].code, now=start)
    assert bike_services.flag_overdue(now=start + timedelta(minutes=30)) == 0
    assert bike_services.flag_overdue() == 1
    assert bike_services.flag_overdue() == 0
    note = Notification.objects.get(user=rider)
    assert "DA-01号车已超过归还时间" in note.body
    assert Trip.objects.get().overdue


def test_damage_takes_the_bike_out_of_service(bikes: Any, make_rider: Any, api_as: Any,
                                              staff: Any) -> None:
    bike = bikes[1][2]
    rider = make_rider()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = api_as(rider).post(f"/api/access/bikes/{bike.code}/damage", {
        "note": "后胎没气", "photo": SimpleUploadedFile("x.jpg", b"not an image")},
        content_type=MULTIPART_CONTENT)
    assert bad.status_code == 400 and bad.json()["field"] == "photos"
    assert Bike.objects.get(pk=bike.pk).in_service
    resp = api_as(rider).post(f"/api/access/bikes/{bike.code}/damage", {
        "note": "后胎没气", "photo": SimpleUploadedFile("x.jpg", jpeg(), "image/jpeg")},
        content_type=MULTIPART_CONTENT)
    assert resp.status_code == 201 and resp.json()["in_service"] is False
    taken = api_as(rider).post(f"/api/access/bikes/{bike.code}/sign-out")
    assert taken.status_code == 400 and "报修" in taken.json()["detail"]
    bike_services.repair(user=staff, bike_code=bike.code)
    assert api_as(rider).post(f"/api/access/bikes/{bike.code}/sign-out").status_code == 201


def test_figures_per_community(bikes: Any, make_rider: Any, regions: Any) -> None:
    (_south, east), made = bikes
    rider = make_rider(with_pass=True)
    bike_services.sign_out(user=rider, bike_code=made[0].code,
                           now=timezone.now() - timedelta(hours=2))
    bike_services.return_bike(user=rider, point_code=east.code)  # late: 2 h > 45 min
    bike_services.report_damage(user=rider, bike_code=made[3].code, note="车铃坏了",
                                photo=jpeg())
    today = timezone.localdate()
    out = figures.compute(region=regions["371702"], start=today - timedelta(days=7),
                          end=today + timedelta(days=1))
    assert out["bikes"].value == 4 and out["bikes"].breakdown == {"东安社区居委会": 4}
    assert out["parking_points"].value == 2
    assert out["trips"].value == 1 and out["overdue"].value == 1
    assert out["damaged"].value == 1 and out["passes"].value == 1
    assert out["communities"].value == 1
    empty = figures.compute(region=regions["371721"], start=date(2026, 1, 1),
                            end=today + timedelta(days=1))
    assert empty["bikes"].value == 0 and empty["trips"].value == 0


def test_periodic_job_flags_and_rotates(bikes: Any, make_rider: Any) -> None:
    from django.core.management import call_command

    from nuanxin.ops.jobs import access_tick

    rider = make_rider()
    bike_services.sign_out(user=rider, bike_code=bikes[1][0].code,
                           now=timezone.now() - timedelta(hours=1))
    assert "overdue bikes 1" in access_tick.call_local()
    out = io.StringIO()
    call_command("access_tick", stdout=out)
    assert "overdue bikes 0" in out.getvalue()
