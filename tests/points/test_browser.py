"""In Chromium at 360 x 740: a worker redeems a meal voucher, the canteen's operator confirms
it on a phone page, balance and stock show it, and the same code is refused a second time."""

from __future__ import annotations

import re

import pytest

from nuanxin.points.models import Redemption

PASSWORD = "pass-word-123"


def _login(page, base: str, phone: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/(\?.*)?$|/me/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_redeem_and_confirm_on_phones(live_server, phone_page, chromium, make_worker, make_user,
                                      make_station, make_item):
    worker_phone = "13700990001"
    make_worker(points=100, phone=worker_phone)
    operator = make_user(("station_operator", "371702001001"), phone="13700990002",
                         name="食堂负责人")
    canteen = make_station(name="东安小哥食堂", operator=operator)
    item = make_item(station=canteen, price=30, stock=5, name="小哥食堂午餐券")
    base = live_server.url
    page = phone_page

    # The worker: the shop shows balance and stock; redeem the meal voucher.
    _login(page, base, worker_phone)
    page.goto(f"{base}/shop/")
    assert page.locator("#balance").inner_text() == "100"
    card = page.locator(f".item[data-item='{item.pk}']")
    assert "库存 5" in card.inner_text()
    page.once("dialog", lambda d: d.accept())  # "确定用 … 积分兑换…？" (issue 11)
    card.get_by_role("button", name="兑换").click()
    page.wait_for_url(re.compile(r"/points/codes/\w+/$"))
    assert "兑换成功" in page.content()
    assert page.locator(".qr svg").is_visible()
    shown = page.locator("#code").inner_text()
    code = Redemption.objects.get().code
    assert shown.replace("-", "") == code
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll

    # The operator, on their own phone: type the code, check it, confirm the hand-over.
    ctx = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                               timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True)
    op_page = ctx.new_page()
    try:
        _login(op_page, base, "13700990002")
        op_page.goto(f"{base}/shop/confirm/")
        op_page.fill("#code", shown.lower())
        op_page.get_by_role("button", name="查询").click()
        assert "小哥食堂午餐券" in op_page.content()
        op_page.get_by_role("button", name="确认交付并核销").click()
        assert "核销成功" in op_page.locator("#result").inner_text()

        # The worker sees it: balance 70, stock 4, the code used.
        page.goto(f"{base}/points/")
        assert page.locator("#balance").inner_text() == "70"
        assert "积分兑换" in page.content()
        page.goto(f"{base}/shop/")
        assert "库存 4" in page.locator(f".item[data-item='{item.pk}']").inner_text()
        page.goto(f"{base}/points/codes/{code}/")
        assert page.locator("#status").inner_text() == "已核销"

        # The same code a second time is refused, and there is nothing to press.
        op_page.goto(f"{base}/shop/confirm/")
        op_page.fill("#code", shown)
        op_page.get_by_role("button", name="查询").click()
        assert "不能重复使用" in op_page.locator("#result").inner_text()
        assert op_page.get_by_role("button", name="确认交付并核销").count() == 0
        assert op_page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        ctx.close()
    assert Redemption.objects.get().status == "confirmed"
