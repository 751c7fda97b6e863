"""The rider on a 360 x 740 phone: located in 牡丹区, nearest open station with a toilet,
its page, and navigation links carrying the right GCJ-02 coordinates."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from nuanxin.kernel.coords import from_wgs84
from nuanxin.regions.geo import offset

HERE = (115.4900, 35.2400)  # 东城街道, 牡丹区 (WGS-84, as the phone reports it)
ALWAYS = {"always": True}
NEVER = {"weekly": []}  # listed, but never open


@pytest.fixture
def stations(make_station: Callable[..., Any]) -> dict[str, Any]:
    def at(m: float, b: float) -> tuple[float, float]:
        return offset(*HERE, metres=m, bearing_deg=b)

    return {
        "closed_toilet": make_station("东安夜市驿站", *at(120, 90), services=["toilet"],
                                      hours=NEVER),
        "water_only": make_station("双河饮水点", *at(80, 0), services=["water"], hours=ALWAYS),
        "open_toilet": make_station("东城暖新驿站", *at(350, 45), services=["toilet", "water"],
                                    hours=ALWAYS, phone="0530-5123456"),
        "far_toilet": make_station("西城惠民服务站", *at(1500, 270), services=["toilet"],
                                   hours=ALWAYS),
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rider_finds_the_nearest_open_toilet_and_navigates(
        live_server: Any, phone_page: Any, stations: dict[str, Any]) -> None:
    page = phone_page
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": HERE[1], "longitude": HERE[0]})
    page.goto(f"{live_server.url}/stations/")
    page.wait_for_url(re.compile(r"lat=35\.24"))
    assert page.locator(".where b").inner_text() == "你的位置"
    assert page.locator(".st h2 span:first-child").first.inner_text() == "双河饮水点"

    page.locator(".chips").get_by_role("link", name="卫生间", exact=True).click()
    page.wait_for_url(re.compile(r"services=toilet"))
    page.locator(".chips").get_by_role("link", name="营业中", exact=True).click()
    page.wait_for_url(re.compile(r"open=1"))
    first = page.locator(".st").first
    assert first.locator("h2 span").first.inner_text() == "东城暖新驿站"
    assert first.locator(".badge").inner_text() == "营业中"
    assert first.locator(".dir").inner_text() == "东北 350 米"
    names = page.locator(".st h2 span:first-child").all_inner_texts()
    assert names == ["东城暖新驿站", "西城惠民服务站"]  # the closed one and water-only are gone

    first.click()
    page.wait_for_url(re.compile(r"/stations/\d+/"))
    assert page.locator("h1 span").first.inner_text() == "东城暖新驿站"
    assert page.get_by_role("link", name=re.compile("拨打电话")).get_attribute(
        "href") == "tel:0530-5123456"
    s = stations["open_toilet"]
    g_lng, g_lat = from_wgs84(s.lng, s.lat, "gcj02")
    b_lng, b_lat = from_wgs84(s.lng, s.lat, "bd09")

    amap = parse_qs(urlparse(page.locator("#nav-amap").get_attribute("href")).query)
    lng, lat, name = amap["to"][0].split(",")
    assert abs(float(lng) - g_lng) < 1e-6 and abs(float(lat) - g_lat) < 1e-6
    assert name == "东城暖新驿站" and amap["coordinate"] == ["gaode"]
    tencent = parse_qs(urlparse(page.locator("#nav-tencent").get_attribute("href")).query)
    t_lat, t_lng = (float(x) for x in tencent["tocoord"][0].split(","))
    assert abs(t_lng - g_lng) < 1e-6 and abs(t_lat - g_lat) < 1e-6
    baidu_url = urlparse(page.locator("#nav-baidu").get_attribute("href"))
    assert baidu_url.path == "/direction"  # a riding route, not a marker (issue 11)
    baidu = parse_qs(baidu_url.query)
    where, name = baidu["destination"][0].removeprefix("latlng:").split("|name:")
    bd_lat, bd_lng = (float(x) for x in where.split(","))
    assert abs(bd_lng - b_lng) < 1e-6 and abs(bd_lat - b_lat) < 1e-6
    assert name == "东城暖新驿站" and baidu["mode"] == ["riding"]
    # from where the rider is (the page knows it: the list passed it on)
    assert baidu["origin"][0].startswith("latlng:")
    # GCJ-02 really differs from the stored WGS-84 here (a few hundred metres in Heze)
    assert abs(g_lng - s.lng) > 1e-3
    # the page fits a 360-px screen: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_location_the_rider_chooses_a_township_and_the_list_survives_offline(
        live_server: Any, phone_page: Any, stations: dict[str, Any]) -> None:
    page = phone_page  # no geolocation permission granted
    page.goto(f"{live_server.url}/stations/")
    page.locator("#fallback").wait_for(state="visible")
    assert "未能获取位置" in page.locator("#locating").inner_text()
    page.locator("select[name=region]").select_option("371702001")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(re.compile(r"region=371702001"))
    assert page.locator(".where b").inner_text() == "东城街道"
    names = page.locator(".st h2 span:first-child").all_inner_texts()
    assert "东城暖新驿站" in names
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller "
                           "!== null || localStorage.getItem('nx-last-list') !== null")
    page.reload()  # now controlled by the service worker, which caches the page
    page.context.set_offline(True)
    page.reload()
    assert page.locator("#offline").is_visible()
    assert page.locator(".st h2 span:first-child").all_inner_texts() == names
    page.context.set_offline(False)
