"""An operator edits only their own stations, from the phone page or the API; it shows at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from nuanxin.stations.models import Station, StationService

NOON = "2026-11-30T12:00:00+08:00"


@pytest.fixture
def setup(make_station: Callable[..., Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    me = make_user(("station_operator", "371702001"), name="驿站负责人")
    other = make_user(("station_operator", "371702001"), name="别人")
    return {
        "me": me, "other": other,
        "mine": make_station("我的驿站", 115.4905, 35.2405, services=["water"], operator=me),
        "theirs": make_station("别人的驿站", 115.4910, 35.2410, services=["water"],
                               operator=other),
    }


@time_machine.travel(NOON, tick=False)
def test_hours_change_shows_at_once_in_open_now(api: Any, api_as: Any,
                                                setup: dict[str, Any]) -> None:
    q = {"lat": 35.2405, "lng": 115.4905, "open_now": "true"}
    assert "我的驿站" in [r["name"] for r in api.get("/api/stations/nearest", q).json()]
    resp = api_as(setup["me"]).post(f"/api/stations/{setup['mine'].pk}/hours",
                                    {"weekly": "每天 18:00-06:00", "exceptions": ""})
    assert resp.status_code == 200 and resp.json()["hours_text"] == "每天 18:00-06:00"
    assert resp.json()["status_detail"] == "今天 18:00 开门"
    assert "我的驿站" not in [r["name"] for r in api.get("/api/stations/nearest", q).json()]


def test_services_with_details(api_as: Any, setup: dict[str, Any]) -> None:
    resp = api_as(setup["me"]).post(f"/api/stations/{setup['mine'].pk}/services", {
        "services": {"toilet": "", "discount_meal": "套餐12元"}})
    assert resp.status_code == 200
    got = {s["code"]: s["details"] for s in resp.json()["services"]}
    assert got == {"toilet": "", "discount_meal": "套餐12元"}
    bad = api_as(setup["me"]).post(f"/api/stations/{setup['mine'].pk}/services",
                                   {"services": {"sauna": ""}})
    assert bad.status_code == 400 and "未知的服务项目" in bad.json()["detail"]
    assert set(StationService.objects.filter(station=setup["mine"]).values_list(
        "service", flat=True)) == {"toilet", "discount_meal"}


def test_only_their_own(api_as: Any, setup: dict[str, Any]) -> None:
    theirs = setup["theirs"]
    for path, body in [("hours", {"weekly": "24小时"}), ("services", {"services": {}}),
                       ("closure", {"status": "temp_closed", "reason": "x"})]:
        resp = api_as(setup["me"]).post(f"/api/stations/{theirs.pk}/{path}", body)
        assert resp.status_code == 403 and resp.json()["detail"] == "只能修改自己负责的站点"
    theirs.refresh_from_db()
    assert theirs.status == "open" and not theirs.hours.get("always")
    mine = api_as(setup["me"]).get("/api/stations/mine").json()
    assert [s["name"] for s in mine] == ["我的驿站"]


def test_closure_rules(api_as: Any, setup: dict[str, Any]) -> None:
    url = f"/api/stations/{setup['mine'].pk}/closure"
    c = api_as(setup["me"])
    no_reason = c.post(url, {"status": "temp_closed"})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "closed_reason"
    past = c.post(url, {"status": "temp_closed", "reason": "装修", "until": "2020-01-01T00:00:00+08:00"})
    assert past.status_code == 400 and past.json()["field"] == "closed_until"
    assert c.post(url, {"status": "gone"}).status_code == 400
    ok = c.post(url, {"status": "temp_closed", "reason": "装修", "until": "2099-01-01T09:00:00+08:00"})
    assert ok.json()["status_label"] == "临时关闭"
    assert ok.json()["status_detail"].startswith("装修，预计")
    assert Station.objects.get(pk=setup["mine"].pk).status == "temp_closed"


def test_anonymous_cannot_edit(api: Any, setup: dict[str, Any]) -> None:
    resp = api.post(f"/api/stations/{setup['mine'].pk}/hours", {"weekly": "24小时"})
    assert resp.status_code == 401


def test_township_staff_may_edit_stations_in_their_township(
        api_as: Any, make_user: Any, setup: dict[str, Any]) -> None:
    staff = make_user(("township_staff", "371702001"))
    far = make_user(("township_staff", "371702002"))
    url = f"/api/stations/{setup['theirs'].pk}/hours"
    assert api_as(staff).post(url, {"weekly": "24小时"}).status_code == 200
    assert api_as(far).post(url, {"weekly": "24小时"}).status_code == 403


@time_machine.travel(NOON, tick=False)
def test_phone_page_edits_hours_services_and_closure(client: Any, setup: dict[str, Any]) -> None:
    client.force_login(setup["me"])
    listing = client.get("/stations/mine/").content.decode()
    assert "我的驿站" in listing and "别人的驿站" not in listing
    url = f"/stations/{setup['mine'].pk}/edit/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"action": "hours", "weekly": "每天 25:00-26:00", "phone": ""})
    assert bad.status_code == 400 and "格式应为" in bad.content.decode()
    resp = client.post(url, {"action": "hours", "weekly": "周一至周五 08:00-18:00",
                             "exceptions": "2026-12-25 休息", "phone": "0530-1234567"})
    assert resp.status_code == 302
    resp = client.post(url, {"action": "services", "service": ["toilet", "ebike_charging"],
                             "details_ebike_charging": "1元/小时"})
    assert resp.status_code == 302
    resp = client.post(url, {"action": "closure", "status": "temp_closed", "reason": "停电",
                             "until": ""})
    assert resp.status_code == 302
    page = client.get(f"/stations/{setup['mine'].pk}/").content.decode()
    assert "周一至周五 08:00-18:00" in page and "2026-12-25 休息" in page
    assert "电动车充电" in page and "1元/小时" in page and "停电" in page
    assert "0530-1234567" in page
    assert client.get(f"/stations/{setup['theirs'].pk}/edit/").status_code == 403


def test_page_needs_login(client: Any, setup: dict[str, Any]) -> None:
    resp = client.get(f"/stations/{setup['mine'].pk}/edit/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")


def _jpeg_with_gps() -> bytes:
    import io

    from PIL import Image

    img = Image.new("RGB", (640, 480), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make: must not survive
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def test_photos_upload_show_and_delete(client: Any, setup: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nuanxin.stations.models import StationPhoto

    client.force_login(setup["me"])
    url = f"/stations/{setup['mine'].pk}/edit/"
    resp = client.post(url, {"action": "photo_add", "caption": "门口",
                             "photo": SimpleUploadedFile("a.jpg", _jpeg_with_gps(), "image/jpeg")})
    assert resp.status_code == 302
    photo = StationPhoto.objects.get(station=setup["mine"])
    page = client.get(f"/stations/{setup['mine'].pk}/").content.decode()
    assert f"/stations/photo/{photo.pk}/t" in page
    full = client.get(f"/stations/photo/{photo.pk}/full")
    body = b"".join(full.streaming_content)
    assert full.status_code == 200 and body[:2] == b"\xff\xd8" and b"SecretCam" not in body
    bad = client.post(url, {"action": "photo_add",
                            "photo": SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")})
    assert bad.status_code == 400 and "无法识别为图片" in bad.content.decode()
    other = client.post(f"/stations/{setup['theirs'].pk}/edit/", {
        "action": "photo_add", "photo": SimpleUploadedFile("a.jpg", _jpeg_with_gps())})
    assert other.status_code == 403
    resp = client.post(url, {"action": "photo_del", "photo": photo.pk})
    assert resp.status_code == 302 and not StationPhoto.objects.exists()
    assert client.get(f"/stations/photo/{photo.pk}/t").status_code == 404


def test_closure_until_without_a_zone_is_shanghai_time(api_as: Any,
                                                       setup: dict[str, Any]) -> None:
    """An app that sends a clock time without an offset means Beijing time (was a 500)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    resp = api_as(setup["me"]).post(f"/api/stations/{setup['mine'].pk}/closure", {
        "status": "temp_closed", "reason": "装修", "until": "2099-01-01T09:00:00"})
    assert resp.status_code == 200, resp.content
    stored = Station.objects.get(pk=setup["mine"].pk).closed_until
    assert stored == datetime(2099, 1, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_my_stations_list_reads_a_fixed_number_of_queries(
        api_as: Any, setup: dict[str, Any], make_station: Callable[..., Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = api_as(setup["me"])
    c.get("/api/stations/mine")  # the first request of a token may write its last use
    with CaptureQueriesContext(connection) as one:
        assert len(c.get("/api/stations/mine").json()) == 1
    for i in range(3):
        make_station(f"我的驿站{i}", 115.49 + i / 1000, 35.24, services=["toilet"],
                     operator=setup["me"])
    with CaptureQueriesContext(connection) as four:
        assert len(c.get("/api/stations/mine").json()) == 4
    assert len(four) == len(one)
