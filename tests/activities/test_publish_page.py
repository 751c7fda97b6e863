"""Staff publish an activity from a page; the service's refusals show on the form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from nuanxin.activities.models import Activity
from nuanxin.stations.models import Station

pytestmark = pytest.mark.django_db


def _form(**over):
    now = timezone.localtime() + timedelta(days=1)
    fmt = "%Y-%m-%dT%H:%M"
    data = {"title": "免费体检进东安社区", "category": "health_check", "cadence": "seasonal",
            "region": "371702001", "station": "", "address": "东安社区党群服务中心",
            "lat": "35.2416", "lng": "115.4983", "crs": "gcj02",
            "starts_at": (now + timedelta(days=5)).strftime(fmt),
            "ends_at": (now + timedelta(days=5, hours=3)).strftime(fmt),
            "signup_opens_at": now.strftime(fmt),
            "signup_closes_at": (now + timedelta(days=4)).strftime(fmt),
            "capacity": "40", "waitlist_size": "10", "worker_kinds": ["delivery_rider"]}
    data.update(over)
    return data


def test_township_staff_publishes_at_a_station_or_an_address(organiser, regions):
    station = Station.objects.create(name="东安暖新驿站", kind="warm_station",
                                     region=regions["371702001001"], lng=115.49, lat=35.24)
    far = Station.objects.create(name="曹县驿站", kind="warm_station",
                                 region=regions["371721001001"], lng=115.54, lat=34.83)
    client = Client()
    client.force_login(organiser)
    page = client.get("/activities/manage/new").content.decode()
    assert "东安暖新驿站" in page and "曹县驿站" not in page and "东安社区居委会" in page
    r = client.post("/activities/manage/new", _form())
    assert r.status_code == 302
    a = Activity.objects.get()
    assert a.kinds == ["delivery_rider"] and a.station is None
    assert abs(a.lng - 115.4983) > 1e-4  # GCJ-02 from a Chinese map, stored as WGS-84
    r = client.post("/activities/manage/new", _form(station=str(station.pk), address=""))
    assert r.status_code == 302
    assert Activity.objects.get(station=station).lng == station.lng
    r = client.post("/activities/manage/new", _form(station=str(far.pk)))
    assert r.status_code == 200 and Activity.objects.count() == 2


def test_refusals_show_on_the_form_and_nothing_is_written(organiser, regions, make_user):
    client = Client()
    client.force_login(organiser)
    r = client.post("/activities/manage/new", _form(address="", lat=""))
    assert "请选择活动站点，或填写活动地址" in r.content.decode()
    r = client.post("/activities/manage/new", _form(capacity="0"))
    assert r.status_code == 200
    assert not Activity.objects.exists()
    worker = Client()
    worker.force_login(make_user(("worker", "371702001001")))
    assert worker.get("/activities/manage/new").status_code == 403
