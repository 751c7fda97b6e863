"""QR posters and scans: a visit counted per station per Shanghai day, race-free."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from nuanxin.stations.models import StationDailyVisits, StationVisit
from nuanxin.stations.services import record_visit
from tests.concurrency import run_together

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def station(make_station: Callable[..., Any]) -> Any:
    return make_station("东城暖新驿站", 115.4905, 35.2405, services=["toilet"])


def test_poster_svg_and_png_point_at_the_scan_link(client: Any, station: Any) -> None:
    svg = client.get(f"/stations/{station.pk}/poster.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert "东城暖新驿站" in body and "data:image/svg+xml" in body
    png = client.get(f"/stations/{station.pk}/poster.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/stations/999999/poster.svg").status_code == 404


def test_qr_payload_is_the_short_scan_url(station: Any) -> None:
    import segno  # decode is not available offline; check what we encode instead
    from django.test import RequestFactory

    from nuanxin.stations.views_poster import _qr

    request = RequestFactory().get("/", HTTP_HOST="testserver")
    code = _qr(request, station.pk)
    assert isinstance(code, segno.QRCode)
    assert code.designator.endswith("-M")
    want = f"http://testserver/s/{station.pk}"
    assert code == segno.make(want, error="m")


def test_scan_counts_anonymous_and_signed_in_visits(client: Any, station: Any,
                                                     make_user: Any) -> None:
    with time_machine.travel(datetime(2026, 11, 30, 23, 30, tzinfo=SH), tick=False):
        resp = client.get(f"/s/{station.pk}")
        assert resp.status_code == 302 and resp["Location"] == f"/stations/{station.pk}/?from=qr"
        worker = make_user(("worker", "371702001001"))
        client.force_login(worker)
        client.get(f"/s/{station.pk}")
    with time_machine.travel(datetime(2026, 12, 1, 0, 30, tzinfo=SH), tick=False):
        client.get(f"/s/{station.pk}")  # a new Shanghai day (still 11-30 in UTC)
    days = dict(StationDailyVisits.objects.filter(station=station).values_list("day", "count"))
    assert {str(k): v for k, v in days.items()} == {"2026-11-30": 2, "2026-12-01": 1}
    assert StationVisit.objects.filter(station=station, user=worker).count() == 2
    assert StationVisit.objects.filter(station=station, user=None).count() == 1
    page = client.get(f"/stations/{station.pk}/?from=qr").content.decode()
    assert "本次到站已记录" in page


def test_visit_api_is_public_and_a_repeat_is_counted_once(api: Any, station: Any,
                                                          make_user: Any, api_as: Any) -> None:
    assert api.post(f"/api/stations/{station.pk}/visit").json()["day_count"] == 1
    assert api.post(f"/api/stations/{station.pk}/visit").json()["day_count"] == 1  # refresh
    worker = api_as(make_user(("worker", "371702001001")))
    assert worker.post(f"/api/stations/{station.pk}/visit").json()["day_count"] == 2
    assert StationVisit.objects.filter(station=station).count() == 2
    assert api.post("/api/stations/999999/visit").status_code == 404


def test_the_same_visitor_counts_again_after_ten_minutes(client: Any, station: Any) -> None:
    with time_machine.travel(datetime(2026, 11, 30, 12, 0, tzinfo=SH), tick=False):
        client.get(f"/s/{station.pk}")
        client.get(f"/s/{station.pk}")
    with time_machine.travel(datetime(2026, 11, 30, 12, 11, tzinfo=SH), tick=False):
        client.get(f"/s/{station.pk}")
    assert StationDailyVisits.objects.get(station=station).count == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_are_all_counted(postgres_only: None, station: Any) -> None:
    threads = 12

    def scan() -> None:
        for _ in range(5):
            record_visit(station)

    assert run_together([scan] * threads, threads=threads) == [None] * threads
    assert StationDailyVisits.objects.get(station=station).count == threads * 5
    assert StationVisit.objects.filter(station=station).count() == threads * 5
