"""Issue 11, item 12: when next year's holidays are missing, from November the staff home
and the back office say so, and deadlines that cross into that year say they assumed
ordinary weekends. Time is moved with time-machine (the server runs in this process)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from nuanxin.reports.states import Status
from nuanxin.workcalendar.models import CalendarDay

from .helpers import make_report
from .test_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SH = ZoneInfo("Asia/Shanghai")
# A year ahead of the real clock, so that session cookies set "then" are still valid now.
YEAR = timezone.now().year + 1


@pytest.fixture
def this_year_only(db: Any) -> None:
    CalendarDay.objects.create(date=date(YEAR, 10, 1), kind="holiday", name="国庆节")
    CalendarDay.objects.create(date=date(YEAR, 10, 11), kind="workday", name="国庆节调休")


def test_in_october_nothing_is_said(live_server: Any, phone_page: Any, regions: Any,
                                    make_user: Any, this_year_only: None) -> None:
    make_user(("township_staff", "371702001"), phone="13911130001")
    with time_machine.travel(datetime(YEAR, 10, 20, 10, tzinfo=SH), tick=True):
        login(phone_page, live_server.url, "13911130001", "/")
        phone_page.wait_for_url(f"{live_server.url}/")
        assert phone_page.locator(".warn").count() == 0


def test_from_november_staff_home_and_admin_warn_and_deadlines_say_so(
        live_server: Any, phone_page: Any, chromium: Any, regions: Any, catalogue: Any,
        make_user: Any, this_year_only: None) -> None:
    staff = make_user(("grid_worker", "371702001001001"), phone="13911130002")
    rider = make_user(("worker", "371702001001"), phone="13911130003")
    make_user(("city_admin", "371700"), phone="13911130004")
    with time_machine.travel(datetime(YEAR, 12, 30, 10, tzinfo=SH), tick=True):
        now = timezone.now()
        report = make_report(category=catalogue["road_hazard"], reporter=rider,
                             region=regions["371702001001001"], status=Status.IN_PROGRESS,
                             resolve_due_at=now + timedelta(days=5))
        page = phone_page
        login(page, live_server.url, "13911130002", "/")
        page.wait_for_url(f"{live_server.url}/")
        warn = page.locator(".warn").inner_text()
        assert warn.startswith(f"{YEAR + 1}年的节假日与调休安排尚未录入")
        assert "暂按普通周末计算" in warn
        page.goto(f"{live_server.url}/reports/handle/{report.pk}/")
        assert page.locator("#due").inner_text().endswith("（按普通周末推算：该年节假日尚未录入）")
        page.goto(f"{live_server.url}/reports/handle/")
        assert page.locator(".due").inner_text().endswith("（按普通周末推算）")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        admin = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        ap = admin.new_page()
        ap.goto(f"{live_server.url}/admin/login/?next=/admin/")
        ap.fill("#id_username", "13911130004")
        ap.fill("#id_password", "pass-word-123")
        ap.click("input[type=submit]")
        ap.wait_for_selector("#site-name")
        assert ap.locator("#calendar-warning").inner_text() == warn
        ap.goto(f"{live_server.url}/admin/workcalendar/calendarday/")
        assert warn in ap.locator(".messagelist").inner_text()
        admin.close()

        # Once next year's holidays are entered, the warnings are gone.
        CalendarDay.objects.create(date=date(YEAR + 1, 1, 1), kind="holiday", name="元旦")
        page.goto(f"{live_server.url}/")
        assert page.locator(".warn").count() == 0
        page.goto(f"{live_server.url}/reports/handle/{report.pk}/")
        assert "普通周末" not in page.locator("#due").inner_text()
    assert staff.is_staff
