"""In Chromium at 360 x 740: a secretary records three requests at a market with the network
cut, the network comes back, exactly three arrive, and one becomes a case with a deadline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nuanxin.governance.models import ListeningRequest, Outcome
from nuanxin.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUESTS = [
    ("roads", "村口到集市的路坑洼积水，雨天没法走", "张三", "13800138000"),
    ("welfare", "老人高龄补贴三个月没到账", "", ""),
    ("environment", "集市散场后垃圾没人清运，味道很大", "李四", ""),
]


def login(page: Any, base: str, phone: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("#id_username", phone)
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")


def test_three_requests_recorded_offline_arrive_once(live_server: Any, chromium: Any,
                                                     people: Any, session: Any,
                                                     media_tmp: Path, tmp_path: Path) -> None:
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                   timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True)
    page = context.new_page()
    base = live_server.url
    login(page, base, "13911112222", f"/governance/listening/{session.pk}/")
    page.wait_for_selector("#stall-form")
    page.wait_for_selector("text=待发送 0 条")

    context.set_offline(True)
    for category, text, name, phone in REQUESTS:
        page.select_option("#category", category)
        page.fill("#description", text)
        page.fill("#resident_name", name)
        page.fill("#resident_phone", phone)
        page.click("#stall-form button[type=submit]")
        page.wait_for_function("document.getElementById('description').value === ''")
    page.wait_for_selector("text=待发送 3 条")
    assert "网络已断开" in page.inner_text("#queue-status")
    page.screenshot(path=str(tmp_path / "1-offline.png"), full_page=True)
    assert ListeningRequest.objects.count() == 0

    context.set_offline(False)
    page.wait_for_selector("#requests li[data-request] >> nth=2", timeout=20_000)
    page.wait_for_selector("text=待发送 0 条")
    assert ListeningRequest.objects.count() == 3
    assert sorted(ListeningRequest.objects.values_list("description", flat=True)) == sorted(
        r[1] for r in REQUESTS)
    items = page.locator("#requests li[data-request]")
    assert items.count() == 3
    assert "138****8000" in page.inner_text("#requests")
    assert "13800138000" not in page.content()

    first = ListeningRequest.objects.get(description=REQUESTS[0][1])
    page.locator(f"#r{first.pk} button[value=case]").click()
    page.wait_for_selector("text=已转为工单，进入办理时限")
    case = Report.objects.get()
    row = page.inner_text(f"#r{first.pk}")
    assert case.number in row and "待签收" in row and "期限" in row
    first.refresh_from_db()
    assert first.outcome == Outcome.CASE and case.accept_due_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "2-case.png"), full_page=True)
    # A reload with nothing queued sends nothing again.
    page.reload()
    page.wait_for_selector("text=待发送 0 条")
    assert ListeningRequest.objects.count() == 3
    context.close()
