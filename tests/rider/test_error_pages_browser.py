"""Issue 11, items 14 and 15: Chinese error pages at phone size, no debug pages, a
favicon, and a styled page when the phone goes offline."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.rider.helpers import fits_phone, login

BRAND = "rgb(217, 72, 15)"  # the header's colour: the page is styled like the rest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_missing_page_is_a_chinese_404_at_phone_size(live_server: Any,
                                                         phone_page: Any) -> None:
    page = phone_page
    r = page.goto(f"{live_server.url}/stations/99999/")
    assert r.status == 404
    assert page.locator("h1").inner_text() == "没有找到这个页面"
    assert page.locator("header.top").evaluate("e => getComputedStyle(e).backgroundColor") == BRAND
    page.get_by_role("link", name="回到首页").click()
    page.wait_for_url(f"{live_server.url}/")
    assert fits_phone(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_rider_on_a_staff_page_is_told_why_and_where_to_go(
        live_server: Any, phone_page: Any, regions: Any,
        make_user: Callable[..., Any]) -> None:
    rider = make_user(("worker", "371702001001"), phone="13900001111")
    page = phone_page
    r = page.goto(f"{live_server.url}/points/staff/")
    assert r.status in (200, 302, 403)
    login(page, live_server.url, "13900001111", "/points/staff/")
    assert page.locator("h1").inner_text() == "无权访问这个页面"
    assert page.locator("#reason").inner_text() == "仅限辖区工作人员查看"
    assert page.get_by_role("link", name="我的").is_visible()
    assert fits_phone(page)
    assert rider.pk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_server_error_is_a_chinese_500_without_a_traceback(
        live_server: Any, phone_page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from nuanxin.web import views

    def broken() -> None:
        raise RuntimeError("secret detail that must not show")

    monkeypatch.setattr(views, "home_links", broken)
    page = phone_page
    r = page.goto(f"{live_server.url}/")
    assert r.status == 500
    assert page.locator("h1").inner_text() == "系统出了点问题"
    assert "secret detail" not in page.content() and "Traceback" not in page.content()
    assert fits_phone(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_favicon_is_found(live_server: Any, phone_page: Any) -> None:
    r = phone_page.goto(f"{live_server.url}/favicon.ico")
    assert r.status == 200 and r.headers["content-type"].startswith("image/svg+xml")


def test_make_run_does_not_show_debug_pages() -> None:
    """`make run` uses the dev settings: debug pages only when a developer asks."""
    env = {k: v for k, v in os.environ.items() if k not in ("NUANXIN_DEBUG",
                                                            "DJANGO_SETTINGS_MODULE")}
    code = "import nuanxin.settings.dev as s; print(s.DEBUG)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "False"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_going_offline_after_a_first_visit_shows_a_styled_page(live_server: Any,
                                                                phone_page: Any) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/activities/")  # never opened before
    assert page.locator("h1").inner_text() == "网络不可用"
    assert page.locator("header.top").evaluate("e => getComputedStyle(e).backgroundColor") == BRAND
    assert page.get_by_role("button", name="重新加载").is_visible()
    assert fits_phone(page)
    page.context.set_offline(False)
