"""Issue 11, item 13, in the back office at 1366 px: find a person by full phone or its
last four digits in every list that holds people (never decrypting rows), the real name
through the logged reveal for staff who verify, lists that fit, axes in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nuanxin.accounts.models import User
from nuanxin.people.models import Worker
from nuanxin.people.services import complete_identity
from nuanxin.privacy.models import AccessLog
from tests.rider.conftest import valid_id_number
from tests.rider.helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wide_page(chromium: Any) -> Any:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def admin_login(page: Any, base: str, phone: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def search(page: Any, base: str, path: str, term: str) -> list[str]:
    page.goto(f"{base}{path}")
    page.fill("#searchbar", term)
    page.press("#searchbar", "Enter")
    page.wait_for_load_state()
    return page.locator("#result_list tbody tr").all_inner_texts()


def test_staff_find_riders_by_full_phone_or_last_four_in_every_people_list(
        live_server: Any, wide_page: Any, make_rider: Callable[..., User],
        make_user: Callable[..., User]) -> None:
    wang = make_rider(phone="13612345678", name="王师傅", points=10)
    make_rider(phone="13687655678", name="李师傅", points=10)  # the same last four
    make_rider(phone="13611112222", name="赵师傅", points=10)
    make_user(("township_staff", "371702001"), phone="13600000001")
    page = wide_page
    admin_login(page, live_server.url, "13600000001")
    lists = ["/admin/people/worker/", "/admin/points/pointsaccount/"]
    for path in lists:
        rows = search(page, live_server.url, path, "5678")
        assert len(rows) == 2 and any("王师傅" in r for r in rows), path
        assert any("李师傅" in r for r in rows) and not any("赵师傅" in r for r in rows)
        rows = search(page, live_server.url, path, "136 1234 5678")
        assert len(rows) == 1 and "王师傅" in rows[0], path
        assert "136****5678" in page.content() and "13612345678" not in page.locator(
            "#result_list").inner_text()
    # The search reads the HMAC digest and the last-four column: no phone is decrypted.
    from nuanxin.accounts.selectors import phone_match

    with CaptureQueriesContext(connection) as queries:
        found = list(Worker.objects.filter(phone_match("5678", path="user__")))
    assert {w.user.display_name for w in found} == {"王师傅", "李师傅"}
    assert "phone_last4" in queries.captured_queries[0]["sql"]
    assert wang.pk


def test_verifying_staff_see_the_real_name_through_the_logged_reveal(
        live_server: Any, wide_page: Any, make_rider: Callable[..., User],
        make_user: Callable[..., User]) -> None:
    rider = make_rider(phone="13612345600", name="小王")
    complete_identity(worker=rider.worker, real_name="王小明", id_number=valid_id_number())
    staff = make_user(("community_staff", "371702001001"), phone="13600000002")
    page = wide_page
    admin_login(page, live_server.url, "13600000002")
    search(page, live_server.url, "/admin/people/worker/", "5600")
    page.locator("#result_list tbody tr th a").first.click()
    assert "王小明" not in page.content()
    page.get_by_role("link", name="真实姓名").click()
    page.fill("input[name=purpose]", "核验实名信息")
    page.get_by_role("button", name="查看并留痕").click()
    assert page.locator("#revealed").inner_text() == "王小明"
    log = AccessLog.objects.get()
    assert (log.viewer_id, log.subject_id, log.field, log.purpose) == (
        staff.pk, rider.pk, "real_name", "核验实名信息")


def test_people_lists_fit_1366_px_and_axes_reads_in_chinese(
        live_server: Any, wide_page: Any, make_rider: Callable[..., User],
        make_user: Callable[..., User]) -> None:
    make_rider(phone="13612345601", name="欧阳小明", points=5)
    make_user(("city_admin", "371700"), phone="13600000003", superuser=True)
    page = wide_page
    admin_login(page, live_server.url, "13600000003")
    index = page.locator("#content-main").inner_text()
    assert "登录保护" in index and "登录失败记录" in index and "Axes" not in index
    from django.contrib import admin

    for model in admin.site._registry:
        meta = model._meta
        path = f"/admin/{meta.app_label}/{meta.model_name}/"
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366, f"{path} is {width} px wide"
    page.goto(f"{live_server.url}/admin/axes/accessattempt/")
    head = page.locator("#result_list thead").inner_text() if page.locator(
        "#result_list").count() else page.locator("#content").inner_text()
    assert "Attempt" not in head and "IP Address" not in head
