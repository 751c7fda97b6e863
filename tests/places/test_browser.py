"""In Chromium at 360 px: a rider snaps a hazard inside 东安社区第1网格, at a spot nearer
双河社区's point than 东安社区's (where nearest-point routing went wrong); the report goes
to the grid that contains it, the rider sees the full place, and the 东安社区 grid worker
finds it in their queue while the 双河社区 grid worker does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shapely

from nuanxin.regions.geo import haversine_m
from nuanxin.regions.models import Region
from nuanxin.regions.services import apply_boundary, save_shapes
from nuanxin.reports.catalogue import ensure_catalogue
from nuanxin.reports.models import Report
from tests.reports.helpers import jpeg
from tests.reports.test_browser import login

from .conftest import draw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPOT = (115.4940, 35.2402)  # inside 东安社区第1网格 (see conftest.BOXES)


def test_a_snap_goes_to_the_grid_that_contains_it(live_server: Any, phone_page: Any,
                                                  chromium: Any, regions: Any, make_user: Any,
                                                  settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_catalogue(regions["371700"])
    draw()
    shuanghe = Region.objects.get(code="371702001006")
    Region.objects.filter(pk=shuanghe.pk).update(lng=115.4945, lat=35.2388)
    grid7 = Region.objects.create(code="371702001006007", name="第7网格", level="grid",
                                  parent=shuanghe, path=shuanghe.path + "371702001006007/",
                                  lng=115.4945, lat=35.2388)
    apply_boundary(grid7, shapely.box(115.49, 35.23, 115.50, 35.239))
    save_shapes([grid7])
    dongan = Region.objects.get(code="371702001001")
    # The trap of the old routing: 双河社区's point is nearer the spot than 东安社区's.
    assert haversine_m(*SPOT, 115.4945, 35.2388) < haversine_m(*SPOT, dongan.lng, dongan.lat)

    make_user(("worker", "371702001001"), phone="13911120001", name="骑手小王")
    make_user(("grid_worker", "371702001001001"), phone="13911120002", name="东安网格员")
    make_user(("grid_worker", "371702001006007"), phone="13911120003", name="双河网格员")
    base = live_server.url
    rider = phone_page
    login(rider, base, "13911120001", "/reports/new")
    rider.wait_for_selector("#report-form")
    rider.select_option("#category", "road_hazard")
    rider.fill("#description", "路口井盖缺失，夜里骑车很危险")
    rider.set_input_files("#photos", files=[{
        "name": "manhole.jpg", "mimeType": "image/jpeg",
        "buffer": jpeg(gps=SPOT, size=(800, 600))}])
    rider.click("#report-form button[type=submit]")
    rider.wait_for_selector("text=已提交")
    assert "东城街道·东安社区·第1网格" in rider.inner_text("#place")
    rider.screenshot(path=str(tmp_path / "1-rider.png"), full_page=True)
    report = Report.objects.get()
    assert (report.home_region.code, report.region.code) == ("371702001001001",
                                                             "371702001001001")

    def queue_of(phone: str) -> Any:
        ctx = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                   timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True)
        page = ctx.new_page()
        login(page, base, phone, "/reports/handle/")
        page.wait_for_selector("h1")
        return ctx, page

    ctx, worker = queue_of("13911120002")
    card = worker.locator(f"[data-report='{report.pk}']")
    card.wait_for()
    assert "路口井盖缺失" in card.inner_text()
    worker.screenshot(path=str(tmp_path / "2-dongan-queue.png"), full_page=True)
    ctx.close()
    ctx, other = queue_of("13911120003")
    assert other.locator(f"[data-report='{report.pk}']").count() == 0
    ctx.close()
