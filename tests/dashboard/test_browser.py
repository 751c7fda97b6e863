"""In Chromium at 360 px (phone) and 1366 px (desktop): the city official logs in, lands on
the staff home, opens the dashboard (map and trend charts drawn), drills down to a county,
to its overdue reports, and to one overdue report."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from nuanxin.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("NUANXIN_SHOTS")  # a folder to keep the screenshots in, if set


def fits(page: Any, width: int) -> bool:
    return bool(page.evaluate(f"document.scrollingElement.scrollWidth <= {width} + 1"))


@pytest.mark.parametrize("width", [360, 1366])
def test_staff_home_then_drill_down_to_one_overdue_report(
        width: int, live_server: Any, chromium: Any, world: Any, make_user: Any,
        tmp_path: Path) -> None:
    make_user(("city_admin", "371700"), phone="13911119999", name="市社工部")
    overdue = world["overdue"][0]  # in 牡丹区 东城街道 东安社区
    shots = Path(SHOTS) if SHOTS else tmp_path
    ctx = chromium.new_context(viewport={"width": width, "height": 800}, locale="zh-CN",
                               timezone_id="Asia/Shanghai", is_mobile=width < 400,
                               has_touch=width < 400)
    page = ctx.new_page()
    base = live_server.url
    try:
        page.goto(f"{base}/login/")
        page.fill("#id_username", "13911119999")
        page.fill("#id_password", "pass-word-123")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/home/")
        main = page.inner_text("main")
        assert "市委社会工作部工作台" in main and "数据截至" in main
        assert page.inner_text("a.qcount.overdue strong") == "2"
        assert "期末登记在册的新就业群体人数" in main
        assert fits(page, width)
        page.screenshot(path=str(shots / f"home-{width}.png"), full_page=True)

        page.click("a:has-text('数据看板')")
        page.wait_for_selector("h1:has-text('菏泽市 · 数据看板')")
        page.wait_for_selector("#map[data-features='2']")  # 牡丹区 and 曹县 on the map
        page.wait_for_selector("#trend[data-charts]")
        assert page.locator("#trend svg").count() >= 1  # ECharts drew the monthly trends
        assert page.locator("#map path.leaflet-interactive").count() == 2
        assert "数据截至" in page.inner_text("main")
        assert fits(page, width)
        page.screenshot(path=str(shots / f"city-{width}.png"), full_page=True)

        page.click("table.kids a:has-text('牡丹区')")
        page.wait_for_selector("h1:has-text('牡丹区 · 数据看板')")
        overdue_fig = page.locator("[data-metric='reports.overdue']")
        assert overdue_fig.locator("strong").inner_text().startswith("1")
        overdue_fig.locator("a.records").click()
        page.wait_for_selector("h1:has-text('超期的随手拍')")
        assert page.locator("a.rec").count() == 1
        page.screenshot(path=str(shots / f"records-{width}.png"), full_page=True)

        page.click(f"a[data-report='{overdue.pk}']")
        page.wait_for_url(f"{base}/reports/handle/{overdue.pk}/")
        assert overdue.number in page.inner_text("main")
        assert fits(page, width)
    finally:
        ctx.close()


def test_staff_home_for_a_grid_worker_on_a_phone(live_server: Any, phone_page: Any,
                                                 world: Any, make_user: Any) -> None:
    user: User = make_user(("grid_worker", "371702001001"), phone="13911118888")
    assert user.pk
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "13911118888")
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/home/")
    assert "网格员工作台" in page.inner_text("main")
    assert page.inner_text("a.qcount.overdue strong") == "1"  # only 东安社区's report
    page.click("a.qcount.overdue")
    page.wait_for_selector("h1:has-text('东安社区居委会 · 超期的随手拍')")
    assert page.locator("a.rec").count() == 1
