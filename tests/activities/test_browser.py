"""In Chromium on a phone: find an activity near me, sign up, wait, get promoted."""

from __future__ import annotations

from typing import Any

import pytest

from nuanxin.activities.services import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"


def _login(page: Any, base: str, phone: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{next_url}")


def test_worker_finds_signs_up_waits_and_is_promoted(live_server: Any, phone_page: Any,
                                                     chromium: Any, make_worker: Any,
                                                     make_activity: Any, city_admin: Any,
                                                     ) -> None:

    base = live_server.url
    make_activity(title="曹县的活动", region_code="371721", lat=34.83, lng=115.54,
                  actor=city_admin)
    activity = make_activity(title="夏送清凉进驿站", capacity=1, waitlist_size=2,
                             lat=35.2412, lng=115.4925)
    early = make_worker(name="早到的骑手")
    sign_up(user=early, activity_id=activity.pk)  # the only seat is taken
    me = make_worker(name="小董")
    my_phone = _phone_of(me)

    page = phone_page
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": 35.2405, "longitude": 115.4910})
    _login(page, base, my_phone, "/activities/")
    page.click("#near-me")
    page.wait_for_url("**near=*")
    cards = page.locator("a.act-card")
    assert cards.count() == 1  # Cao county is ~46 km away: not near
    assert "夏送清凉进驿站" in cards.first.inner_text()
    assert "公里" in cards.first.inner_text() and "已满，可候补" in cards.first.inner_text()
    cards.first.click()
    page.get_by_role("button", name="报名候补").click()
    status = page.locator("#my-status")
    assert "候补中" in status.inner_text() and "第1位" in status.inner_text()

    # The early rider cancels on their own phone.
    other = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                 timezone_id="Asia/Shanghai")
    try:
        theirs = other.new_page()
        _login(theirs, base, _phone_of(early), f"/activities/{activity.pk}/")
        theirs.once("dialog", lambda d: d.accept())  # asks once (issue 11)
        theirs.get_by_role("button", name="取消报名").click()
        assert "已取消报名" in theirs.locator(".messages").inner_text()
    finally:
        other.close()

    page.reload()
    status = page.locator("#my-status")
    assert "您已报名" in status.inner_text()
    assert "已由候补转为正式报名" in status.inner_text()
    page.goto(f"{base}/inbox/")
    assert "候补转正：夏送清凉进驿站" in page.content()


def _phone_of(user: Any) -> str:
    from nuanxin.kernel.crypto import decrypt

    return decrypt(user.phone_cipher)
