"""Issue 11, items 9-11, as a grid worker on a 360-px phone: the queue in the order of the
deadlines it shows with tappable counts, transferring by picking a region (with search),
a masked call to the reporter through the logged reveal, and a reply followed by an
on-site resolution with "核实属实" left for the handler to tick."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.privacy.models import AccessLog
from nuanxin.reports.models import Report
from nuanxin.reports.states import Status

from .helpers import make_report
from .test_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GRID = "371702001001001"


@pytest.fixture
def grid_worker(make_user: Any, regions: Any) -> Any:
    return make_user(("grid_worker", GRID), phone="13911120002", name="网格员老张")


@pytest.fixture
def rider(make_user: Any, regions: Any) -> Any:
    return make_user(("worker", "371702001001"), phone="13911120001", name="骑手小王")


def test_queue_in_deadline_order_and_counts_filter(live_server: Any, phone_page: Any,
                                                   regions: Any, catalogue: Any, rider: Any,
                                                   grid_worker: Any) -> None:
    now = timezone.now()
    cat, grid = catalogue["road_hazard"], regions[GRID]
    # Worked on, due in 2 days, but accepted long ago (its accept deadline is old).
    later = make_report(category=cat, reporter=rider, region=grid, status=Status.IN_PROGRESS,
                        accept_due_at=now - timedelta(days=3),
                        resolve_due_at=now + timedelta(days=2))
    soon = make_report(category=cat, reporter=rider, region=grid,
                       accept_due_at=now + timedelta(hours=1))
    late_work = make_report(category=cat, reporter=rider, region=grid,
                            status=Status.IN_PROGRESS, accept_due_at=now - timedelta(days=5),
                            resolve_due_at=now - timedelta(hours=2))
    late_accept = make_report(category=cat, reporter=rider, region=grid,
                              accept_due_at=now - timedelta(hours=5))
    page = phone_page
    login(page, live_server.url, "13911120002", "/reports/handle/")
    page.wait_for_url(f"{live_server.url}/reports/handle/")
    order = [int(x) for x in page.locator("[data-report]").evaluate_all(
        "els => els.map(e => e.dataset.report)")]
    assert order == [late_accept.pk, late_work.pk, soon.pk, later.pk]
    assert page.locator(f"[data-report='{late_work.pk}'] .chip").inner_text() == "处理中 · 已超期"
    tabs = page.locator("nav.tabs")
    assert tabs.get_by_role("link", name="待办 4").is_visible()
    assert tabs.get_by_role("link", name="待签收 2").is_visible()
    tabs.get_by_role("link", name="已超期 2").click()
    page.wait_for_url("**overdue=1")
    shown = {int(x) for x in page.locator("[data-report]").evaluate_all(
        "els => els.map(e => e.dataset.report)")}
    assert shown == {late_accept.pk, late_work.pk}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_transfer_picks_a_region_by_search_and_the_handler_calls_the_reporter_masked(
        live_server: Any, phone_page: Any, regions: Any, catalogue: Any, rider: Any,
        grid_worker: Any) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=rider,
                         region=regions[GRID], status=Status.ACCEPTED)
    page = phone_page
    login(page, live_server.url, "13911120002", f"/reports/handle/{report.pk}/")
    page.wait_for_url(f"**/reports/handle/{report.pk}/")

    page.locator("#call summary").click()
    page.locator("#call-purpose").select_option("约定上门时间")
    page.get_by_role("button", name="拨打报告人电话").click()
    dial = page.locator("#dial")
    assert dial.inner_text() == "拨打 139****0001"
    assert dial.get_attribute("href") == "tel:13911120001"
    log = AccessLog.objects.get()
    assert (log.viewer_id, log.subject_id, log.field, log.channel) == (
        grid_worker.pk, rider.pk, "phone", "page")
    assert log.purpose == f"随手拍{report.number}：约定上门时间"
    page.get_by_role("link", name="返回办理页").click()

    page.locator("summary", has_text="转派").click()
    page.locator("#target-search").fill("双河")
    page.wait_for_function("document.getElementById('target').options.length === 1")
    assert page.locator("#target option").inner_text() == "双河社区居委会（东城街道）"
    page.locator("#target").select_option("371702001006")
    page.locator("#transfer-reason").fill("位置在双河社区")
    page.locator("#transfer button").click()
    page.wait_for_load_state()
    assert "已转派" in page.locator(".messages").inner_text()
    report.refresh_from_db()
    assert report.region.code == "371702001006"


def test_reply_then_resolve_and_genuine_is_not_ticked_by_default(
        live_server: Any, phone_page: Any, regions: Any, catalogue: Any, rider: Any,
        grid_worker: Any) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=rider,
                         region=regions[GRID], status=Status.IN_PROGRESS)
    page = phone_page
    login(page, live_server.url, "13911120002", f"/reports/handle/{report.pk}/")
    page.wait_for_url(f"**/reports/handle/{report.pk}/")
    assert not page.locator("input[name=genuine]").is_checked()
    page.fill("#reply-text", "已联系市政，明天上午来补井盖")
    page.get_by_role("button", name="答复", exact=True).click()
    assert "已答复报告人" in page.locator(".messages").inner_text()
    report.refresh_from_db()
    assert report.status == Status.ANSWERED and report.genuine is False

    # the resolve step is still there after the reply
    assert not page.locator("input[name=genuine]").is_checked()
    page.fill("#reply-text", "井盖已补好，现场已恢复通行")
    page.check("input[name=genuine]")
    page.get_by_role("button", name="现场已解决").click()
    assert "已办结" in page.locator(".messages").inner_text()
    report = Report.objects.get(pk=report.pk)
    assert report.status == Status.RESOLVED and report.genuine is True
    assert report.reply == "井盖已补好，现场已恢复通行"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
