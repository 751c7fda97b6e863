"""The staff home, the dashboard and the records behind a number, as pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nuanxin.accounts.models import User

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_login_lands_staff_on_their_home_and_riders_on_the_rider_home(
        world: Any, make_user: Callable[..., User]) -> None:
    make_user(("township_staff", "371702001"), phone="13911110001")
    make_user(("worker", "371702001001"), phone="13911110002")
    staff = Client()
    r = staff.post("/login/", {"username": "13911110001", "password": "pass-word-123"})
    assert r["Location"] == "/home/"
    page = staff.get("/home/").content.decode()
    assert "街道(乡镇)工作台" in page and "东城街道" in page
    assert "待签收" in page and "临期" in page and "超期" in page
    assert "数据截至" in page
    rider = Client()
    rider.post("/login/", {"username": "13911110002", "password": "pass-word-123"})
    assert rider.get("/home/")["Location"] == "/"


def test_home_queue_counts_link_to_the_records(world: Any, city_admin: User) -> None:
    page = login(city_admin).get("/home/").content.decode()
    assert "市委社会工作部工作台" in page
    assert 'href="/dashboard/records/?region=371700' in page
    assert "<strong>2</strong><span>超期</span>" in page


def test_dashboard_shows_figures_children_and_links_down(world: Any, city_admin: User) -> None:
    client = login(city_admin)
    page = client.get("/dashboard/").content.decode()
    assert "菏泽市 · 数据看板" in page and "数据截至" in page
    assert "期末登记在册的新就业群体人数" in page
    assert "/dashboard/?region=371702" in page and "牡丹区" in page and "曹县" in page
    county = client.get("/dashboard/", {"region": "371702", "metric": "reports.overdue"})
    assert "东城街道" in county.content.decode()
    records = client.get("/dashboard/records/", {"region": "371702", "which": "overdue"})
    body = records.content.decode()
    report = world["overdue"][0]
    assert f"/reports/handle/{report.pk}/" in body
    assert f"/reports/handle/{world['overdue'][1].pk}/" not in body  # 曹县's is not under 牡丹区
    assert client.get(f"/reports/handle/{report.pk}/").status_code == 200


def test_out_of_scope_region_is_refused_with_a_message(world: Any,
                                                       make_user: Callable[..., User]) -> None:
    client = login(make_user(("county_staff", "371721")))
    r = client.get("/dashboard/", {"region": "371702"}, follow=True)
    assert "该区划不在您的管辖范围内" in r.content.decode()
    rider = login(make_user(("worker", "371702001001")))
    assert rider.get("/dashboard/")["Location"] == "/"


def test_city_officials_statistics_link_works(world: Any, make_user: Callable[..., User]) -> None:
    boss = make_user(("city_admin", "371700"), superuser=True)
    client = login(boss)
    queue = client.get("/reports/handle/").content.decode()
    assert 'href="/dashboard/"' in queue
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/reports/overview/").status_code == 200


def test_map_shows_counts_or_rates_per_thousand_workers(world: Any, city_admin: User) -> None:
    client = login(city_admin)
    counts = client.get("/dashboard/", {"metric": "stations.total"})
    assert counts.context["rows"][0]["value"] == 3.0  # 牡丹区: three stations
    rates = client.get("/dashboard/", {"metric": "stations.total", "mode": "rate"})
    row = rates.context["rows"][0]
    assert row["value"] == 250.0 and row["text"] == "250‰"  # 3 per 12 workers
    features = rates.context["map_data"]["features"]
    assert {f["properties"]["code"] for f in features} == {"371702", "371721"}
