"""Issue 11, items 2, 3, 6 and 8, as a rider on a 360-px phone: stations with the same
name told apart, Baidu links that are routes (also to a code's station and an activity's
venue), confirmations that ask once and survive a double tap, and the insurance policy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.benefits.models import Application, Programme
from nuanxin.points.items import create_item
from nuanxin.points.models import Redemption
from nuanxin.regions.models import Region
from nuanxin.stations.models import Station
from tests.rider.helpers import fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME = "双月社区暖“新”驿站"


@pytest.fixture
def twins(regions: dict[str, Region]) -> list[Station]:
    from nuanxin.stations.services import StationData, create_station

    every_day = {"always": True}
    return [create_station(StationData(
        name=NAME, kind="warm_station", address=address, region=regions[code], lng=lng,
        lat=lat, phone="0530-5550000", hours=every_day, services={"water": ""}), by=None)
        for code, address, lng, lat in [
            ("371702001001", "东安街18号", 115.4921, 35.2411),
            ("371702002001", "西城路206号", 115.4481, 35.2361)]]


def _baidu_destination(href: str) -> str:
    url = urlparse(href)
    assert url.path == "/direction", href  # a route, not /marker
    q = parse_qs(url.query)
    assert q["mode"] == ["riding"] and q["coord_type"] == ["bd09ll"]
    return q["destination"][0]


def test_same_named_stations_are_told_apart_and_baidu_routes_to_the_code_station(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        twins: list[Station]) -> None:
    make_rider(phone="13612349001", points=100)
    now = timezone.now()
    create_item(name="小哥午餐券", category="meal", price=25, stock=5, station=twins[1],
                valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=30))
    page = phone_page
    page.goto(f"{live_server.url}/stations/?q=双月")
    lines = page.locator(".st .where").all_inner_texts()
    assert sorted(lines) == ["东安社区居委会 · 东安街18号", "西城社区居委会 · 西城路206号"]

    login(page, live_server.url, "13612349001", "/shop/")
    item = page.locator(".card.item")
    assert f"{NAME}（西城路206号）" in item.inner_text()
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    item.get_by_role("button", name="兑换").click()
    page.wait_for_url("**/points/codes/**")
    assert asked == ["确定用 25 积分兑换“小哥午餐券”？"]
    assert page.locator("#provider").inner_text().startswith(f"{NAME}（西城路206号） · ")
    dest = _baidu_destination(page.locator("#nav-baidu").get_attribute("href"))
    assert dest.startswith("latlng:") and dest.endswith(f"|name:{NAME}")
    assert page.locator("#nav-amap").is_visible() and page.locator("#nav-tencent").is_visible()
    assert fits_phone(page)


def test_a_double_tap_redeems_once_and_a_no_redeems_nothing(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        twins: list[Station]) -> None:
    rider = make_rider(phone="13612349002", points=100)
    now = timezone.now()
    create_item(name="矿泉水", category="meal", price=5, stock=5, station=twins[0],
                valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=30))
    page = phone_page
    login(page, live_server.url, "13612349002", "/shop/")
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="兑换").click()
    page.wait_for_timeout(300)
    assert Redemption.objects.count() == 0 and page.url.endswith("/shop/")
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    # Two taps in the same instant, as a thumb on a slow network does.
    page.evaluate("""() => { const b = document.querySelector('.card.item button');
                           b.click(); b.click(); }""")
    page.wait_for_url("**/points/codes/**")
    assert len(asked) == 1
    assert Redemption.objects.filter(user=rider).count() == 1


def test_activity_venue_has_route_links_and_cancelling_asks_once(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        make_user: Callable[..., User], twins: list[Station]) -> None:
    from nuanxin.activities.services import ActivityDraft, publish_activity, sign_up

    rider = make_rider(phone="13612349003")
    organiser = make_user(("township_staff", "371702001"), name="东城街道干部")
    now = timezone.now()
    activity = publish_activity(actor=organiser, draft=ActivityDraft(
        title="夏送清凉进驿站", category="summer_cooling", cadence="seasonal",
        region_code="371702001", starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2), signup_opens_at=now - timedelta(days=1),
        signup_closes_at=now + timedelta(days=2), capacity=5, waitlist_size=2,
        station_id=twins[0].pk, address="", lat=twins[0].lat, lng=twins[0].lng))
    sign_up(user=rider, activity_id=activity.pk)
    page = phone_page
    login(page, live_server.url, "13612349003", f"/activities/{activity.pk}/")
    dest = _baidu_destination(page.locator("#nav-baidu").get_attribute("href"))
    assert dest.endswith(f"|name:{NAME}")
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.get_by_role("button", name="取消报名").click()
    page.wait_for_load_state()
    assert asked == ["确定取消报名“夏送清凉进驿站”？名额将让给候补的人"]
    assert page.locator("#my-status").count() == 0
    assert fits_phone(page)


def test_an_insured_rider_sees_the_policy_the_insurer_and_how_to_claim(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        regions: dict[str, Region]) -> None:
    rider = make_rider(phone="13612349004")
    today = date.today()
    p = Programme.objects.create(
        name="呵护新保（全市）", kind="insurance", region=regions["371700"], quota=10,
        requires_verified=False, insurer="中国人寿财产保险股份有限公司菏泽市中心支公司",
        policy_number="CLPC-HZ-2026-SZ000123", claim_hotline="95519",
        claim_steps="出险后48小时内拨打报案电话\n保留病历和发票\n提交理赔材料",
        starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=300))
    Application.objects.create(programme=p, user=rider, status="approved")
    page = phone_page
    login(page, live_server.url, "13612349004", "/benefits/")
    box = page.locator(f"#policy-{p.pk}")
    assert box.locator(".policy-number").inner_text() == "CLPC-HZ-2026-SZ000123"
    assert "中国人寿财产保险股份有限公司菏泽市中心支公司" in box.inner_text()
    assert box.get_by_role("link", name="出险报案 95519").get_attribute("href") == "tel:95519"
    assert box.locator(".claim-steps li").all_inner_texts() == [
        "出险后48小时内拨打报案电话", "保留病历和发票", "提交理赔材料"]
    assert fits_phone(page)
