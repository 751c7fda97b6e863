"""In Chromium at 360 x 740: a rider reports with a photo, the grid worker accepts and answers,
the rider sees the answer, rates it satisfied, and sees the points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nuanxin.reports.models import Report

from .helpers import GRID_POINT, jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Any, base: str, phone: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("#id_username", phone)
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")


def test_report_answer_rate_and_points(live_server: Any, phone_page: Any, chromium: Any,
                                       regions: Any, catalogue: Any, make_user: Any,
                                       media_tmp: Path, tmp_path: Path) -> None:
    make_user(("worker", "371702001001"), phone="13911110001", name="骑手小王")
    make_user(("grid_worker", "371702001001001"), phone="13911110002", name="网格员老张")
    base = live_server.url
    rider = phone_page

    login(rider, base, "13911110001", "/reports/new")
    rider.wait_for_selector("#report-form")
    rider.select_option("#category", "road_hazard")
    rider.fill("#description", "人民路路口井盖缺失，夜里骑车很危险")
    rider.set_input_files("#photos", files=[{
        "name": "manhole.jpg", "mimeType": "image/jpeg",
        "buffer": jpeg(gps=GRID_POINT, size=(800, 600))}])
    rider.click("#report-form button[type=submit]")
    rider.wait_for_selector("text=已提交")
    assert "待签收" in rider.inner_text("main")
    assert "第1网格" in rider.inner_text("main")
    report = Report.objects.get()
    assert report.location_source == "exif"
    rider.screenshot(path=str(tmp_path / "1-submitted.png"), full_page=True)

    worker_ctx = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai", is_mobile=True,
                                      has_touch=True)
    worker = worker_ctx.new_page()
    login(worker, base, "13911110002", "/reports/handle/")
    card = worker.locator(f"[data-report='{report.pk}']")
    card.wait_for()
    card.locator("button:has-text('签收')").click()
    worker.wait_for_selector("text=已签收")
    worker.goto(f"{base}/reports/handle/{report.pk}/")
    worker.fill("#reply-text", "已联系市政维修，今天下午已补上井盖")
    worker.check("input[name=genuine]")  # not ticked by default (issue 11)
    worker.click("button:has-text('答复')")
    worker.wait_for_selector("text=已答复报告人")
    worker.screenshot(path=str(tmp_path / "2-answered.png"), full_page=True)
    worker_ctx.close()

    rider.goto(f"{base}/reports/{report.pk}/")
    assert "已联系市政维修，今天下午已补上井盖" in rider.inner_text("#reply")
    rider.click("button[name=rating][value=satisfied]")
    rider.wait_for_selector("#points")
    assert "奖励 20 积分" in rider.inner_text("#points")
    assert rider.inner_text("#balance") == "20"
    assert "已办结" in rider.inner_text("main")
    rider.screenshot(path=str(tmp_path / "3-points.png"), full_page=True)
