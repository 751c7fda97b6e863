"""Attendance (QR on the day, or staff) awards points once; near-me search; feeds; Excel."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from nuanxin.activities.models import Signup
from nuanxin.kernel.coords import wgs84_to_gcj02
from nuanxin.points.models import LedgerEntry, Reason

pytestmark = pytest.mark.django_db


def _balance(user) -> int:
    return sum(LedgerEntry.objects.filter(account__user=user).values_list("amount", flat=True))


def test_qr_checkin_on_the_day_awards_points_once(api_as, make_worker, make_activity):
    activity = make_activity(points=12)
    worker = make_worker()
    api_as(worker).post(f"/api/activities/{activity.pk}/signups", {})
    client = api_as(worker)
    url = f"/api/activities/{activity.pk}/checkin"
    r = client.post(url, {"code": activity.checkin_code})
    assert r.status_code == 400 and r.json()["code"] == "not_today"
    with time_machine.travel(activity.starts_at + timedelta(minutes=10)):
        r = client.post(url, {"code": "wrong"})
        assert r.status_code == 400 and r.json()["detail"].startswith("签到码无效")
        for _ in range(3):
            r = client.post(url, {"code": activity.checkin_code})
            assert r.status_code == 200, r.content
    entries = LedgerEntry.objects.filter(account__user=worker, reason=Reason.ACTIVITY_ATTENDED)
    assert entries.count() == 1 and _balance(worker) == 12
    assert Signup.objects.get(user=worker).attended_at is not None


def test_waitlisted_cannot_check_in(api_as, make_worker, make_activity):
    activity = make_activity(capacity=1, waitlist_size=1)
    first, second = make_worker(), make_worker()
    for w in (first, second):
        api_as(w).post(f"/api/activities/{activity.pk}/signups", {})
    with time_machine.travel(activity.starts_at):
        r = api_as(second).post(f"/api/activities/{activity.pk}/checkin",
                                {"code": activity.checkin_code})
    assert r.status_code == 400 and "没有该活动的正式报名" in r.json()["detail"]
    assert _balance(second) == 0


def test_staff_marks_attendance_once_within_scope(api_as, make_worker, make_activity,
                                                  make_user):
    activity = make_activity()
    worker = make_worker()
    api_as(worker).post(f"/api/activities/{activity.pk}/signups", {})
    signup = Signup.objects.get(user=worker)
    outsider = make_user(("township_staff", "371721001"))
    grid = make_user(("grid_worker", "371702001001001"))
    staff = make_user(("community_staff", "371702001001"))
    url = f"/api/activities/signups/{signup.pk}/attendance"
    with time_machine.travel(activity.starts_at):
        assert api_as(outsider).post(url).status_code == 403
        # A grid worker of a grid under the activity's region does not cover the whole street.
        assert api_as(grid).post(url).status_code == 403
    r = api_as(make_user(("township_staff", "371702001"))).post(url)
    assert r.status_code == 400 and r.json()["code"] == "not_today"
    with time_machine.travel(activity.starts_at):
        township = make_user(("township_staff", "371702001"))
        assert api_as(township).post(url).status_code == 200
        assert api_as(township).post(url).status_code == 200
    assert staff is not None
    assert LedgerEntry.objects.filter(account__user=worker).count() == 1
    assert LedgerEntry.objects.get(account__user=worker).actor is not None


def test_near_me_sorted_and_in_gcj02(api, make_activity):
    close = make_activity(title="近处", lat=35.2410, lng=115.4920)
    far = make_activity(title="远处", lat=35.30, lng=115.60)
    make_activity(title="太远", lat=34.83, lng=115.54)  # Cao county, ~46 km
    r = api.get("/api/activities", {"near": "35.2400,115.4900", "radius_km": 20})
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["title"] for i in items] == ["近处", "远处"]
    assert items[0]["distance_m"] < items[1]["distance_m"]
    assert items[0]["can_sign_up"] is None  # anonymous: no verdict
    # The same point given in GCJ-02 (what AMap shows) finds the same, and answers in GCJ-02.
    glng, glat = wgs84_to_gcj02(115.4900, 35.2400)
    r = api.get("/api/activities", {"near": f"{glat},{glng}", "crs": "gcj02", "radius_km": 20})
    got = r.json()["items"]
    assert [i["id"] for i in got] == [close.pk, far.pk]
    assert got[0]["crs"] == "gcj02" and abs(got[0]["lng"] - close.lng) > 1e-4


@pytest.mark.parametrize(("params", "field"), [
    ({"near": "abc"}, "near"), ({"near": "95,115"}, "near"),
    ({"near": "35.2,115.4", "radius_km": 500}, "radius_km"), ({"crs": "utm"}, "crs"),
])
def test_near_bad_input(api, regions, params, field):
    r = api.get("/api/activities", params)
    assert r.status_code == 400 and r.json()["field"] == field


def test_joinable_filter_for_worker(api_as, make_worker, make_activity, city_admin):
    make_activity(title="快递员专场", worker_kinds=["courier"])
    make_activity(title="曹县活动", region_code="371721", actor=city_admin)
    mine = make_activity(title="骑手可以")
    rider = make_worker()
    items = api_as(rider).get("/api/activities", {"joinable": "true"}).json()["items"]
    assert [i["id"] for i in items] == [mine.pk]
    assert items[0]["can_sign_up"] is True
    every = api_as(rider).get("/api/activities").json()["items"]
    assert {i["why_not"] for i in every if i["id"] != mine.pk} == {
        "该活动只面向快递员，您登记的是网约配送员", "该活动只面向在曹县工作的人员"}


def test_public_and_personal_ical(make_worker, make_activity, api_as, city_admin):
    a = make_activity(title="免费体检进社区")
    make_activity(title="曹县活动", region_code="371721", actor=city_admin)
    r = Client().get("/activities/feed.ics", {"region": "371702001001"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["免费体检进社区"]
    assert events[0].decoded("dtstart") == a.starts_at.replace(microsecond=0)
    worker = make_worker()
    api_as(worker).post(f"/api/activities/{a.pk}/signups", {})
    client = Client()
    client.force_login(worker)
    page = client.get("/activities/mine/").content.decode()
    feed = page.split('value="http://testserver')[1].split('"')[0]
    mine = Calendar.from_ical(Client().get(feed).content).walk("VEVENT")
    assert [str(e["summary"]) for e in mine] == ["免费体检进社区"]
    assert Client().get("/activities/my/forged.ics").status_code == 404


def test_excel_export_masks_phones_and_is_staff_only(make_worker, make_activity, api_as,
                                                    organiser, make_user):
    a = make_activity()
    worker = make_worker(name="董晓莉")
    api_as(worker).post(f"/api/activities/{a.pk}/signups", {})
    client = Client()
    client.force_login(organiser)
    r = client.get(f"/activities/{a.pk}/roster.xlsx")
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0][1] == "董晓莉" and rows[0][2] == worker.phone_masked
    assert "****" in rows[0][2] and rows[0][6] == "已报名"
    other = Client()
    other.force_login(make_user(("township_staff", "371721001")))
    assert other.get(f"/activities/{a.pk}/roster.xlsx").status_code == 403
    assert other.get(f"/activities/{a.pk}/roster/").status_code == 403


def test_roster_page_marks_attendance(make_worker, make_activity, api_as, organiser):
    a = make_activity(points=8)
    worker = make_worker(name="小董")
    api_as(worker).post(f"/api/activities/{a.pk}/signups", {})
    s = Signup.objects.get(user=worker)
    client = Client()
    client.force_login(organiser)
    page = client.get(f"/activities/{a.pk}/roster/").content.decode()
    assert "小董" in page and worker.phone_masked in page
    svg = client.get(f"/activities/{a.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert b'xmlns="http://www.w3.org/2000/svg"' in svg.content
    with time_machine.travel(a.starts_at):
        client.post(f"/activities/{a.pk}/signups/{s.pk}/attend")
        page = client.get(f"/activities/{a.pk}/roster/").content.decode()
    assert "已签到 1" in page
    assert _balance(worker) == 8


def test_publish_rules(api_as, organiser, regions, make_user):
    now = timezone.now()
    base = {"title": "法律援助进驿站", "category": "legal_aid", "cadence": "monthly",
            "region": "371702001", "starts_at": (now + timedelta(days=5)).isoformat(),
            "ends_at": (now + timedelta(days=5, hours=2)).isoformat(),
            "signup_opens_at": now.isoformat(),
            "signup_closes_at": (now + timedelta(days=4)).isoformat(), "capacity": 30,
            "address": "东城街道", "lat": 35.24, "lng": 115.49}
    r = api_as(organiser).post("/api/activities", base)
    assert r.status_code == 201, r.content
    assert r.json()["seats_left"] == 30
    bad = [({"capacity": 0}, "capacity"), ({"ends_at": base["starts_at"]}, "ends_at"),
           ({"signup_closes_at": (now + timedelta(days=6)).isoformat()}, "signup_closes_at"),
           ({"address": "", "lat": None}, "address"), ({"worker_kinds": ["pilot"]},
                                                       "worker_kinds"),
           ({"category": "party"}, "category")]
    for change, field in bad:
        r = api_as(organiser).post("/api/activities", {**base, **change})
        assert r.status_code == 400 and r.json()["field"] == field, (change, r.content)
    r = api_as(organiser).post("/api/activities", {**base, "region": "371721"})
    assert r.status_code == 403
    worker_user = make_user(("worker", "371702001001"))
    assert api_as(worker_user).post("/api/activities", base).status_code == 403
