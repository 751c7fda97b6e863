"""In Chromium at 1366 px: county staff run a plan for 牡丹区; the map shows the covered and
uncovered demand, the greedy sites at once, then the exact ones with their gap."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from nuanxin.planning.services import shanghai_day
from nuanxin.regions.models import Region
from tests.planning.conftest import build_county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wide_page(chromium: Any) -> Any:
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                   timezone_id="Asia/Shanghai")
    page = context.new_page()
    yield page
    context.close()


def test_a_county_plan_shows_the_proposed_sites_on_the_map(
        live_server: Any, wide_page: Any, regions: dict[str, Region],
        make_station: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    build_county(make_station, shanghai_day() - timedelta(days=3))
    make_user(("county_staff", "371702"), phone="13911120001", name="区工作人员")
    page = wide_page
    page.goto(f"{live_server.url}/login/?next=/planning/")
    page.fill("#id_username", "13911120001")
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/planning/$"))
    assert page.locator("#region option:checked").inner_text().strip() == "牡丹区"
    page.select_option("#service", "toilet")
    page.fill("#k", "2")
    page.click("#run")
    page.wait_for_function("document.getElementById('answer').dataset.solver === 'highs'",
                           timeout=30_000)
    assert "现有覆盖率 60.0%" in page.locator("#share").inner_text()
    answer = page.locator("#answer").inner_text()
    assert "精确最优解" in answer and "60.0% → 100.0%" in answer and "间隙 0.00%" in answer
    pins = page.locator(".leaflet-marker-icon.site-pin")
    assert pins.count() == 2
    assert set(pins.evaluate_all("els => els.map(e => e.title)")) == {"东城党群服务中心",
                                                                      "西城惠民服务站"}
    for i in range(2):  # the pins are inside the visible map
        box = pins.nth(i).bounding_box()
        mbox = page.locator("#map").bounding_box()
        assert box and mbox and mbox["x"] <= box["x"] <= mbox["x"] + mbox["width"]
        assert mbox["y"] <= box["y"] <= mbox["y"] + mbox["height"]
    assert page.locator("#sites li").count() == 2
    assert page.locator("#export").is_enabled()
    page.screenshot(path="/tmp/planning-1366.png")
