"""In Chromium on a 360-px phone: a member checks in and is confirmed; an organisation finds a
member in its area who has not checked in and invites them; a candidate moves through the
pipeline (with the refusals a secretary would meet)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.accounts.models import User
from nuanxin.accounts.sms import OutboxSender
from nuanxin.party.models import Candidate
from tests.party.conftest import phone_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"


def _login(page: Any, base: str, user: User, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("#id_username", phone_of(user))
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{next_url}")


def _phone_context(chromium: Any) -> Any:
    return chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True)


def test_member_checks_in_and_is_confirmed(live_server: Any, phone_page: Any, chromium: Any,
                                           make_worker: Callable[..., User], orgs: Any,
                                           party_staff: Callable[..., User]) -> None:
    base = live_server.url
    me = make_worker(name="小董")
    secretary = party_staff(orgs.dongan, name="东安社区书记")
    page = phone_page
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": 35.2405, "longitude": 115.4915})
    _login(page, base, me, "/party/")
    page.fill("#record_org", "巨野县田庄镇某村党支部")
    page.fill("#joined_on", "2016-07-01")
    page.get_by_role("button", name="登记").click()
    assert "党员身份已登记" in page.locator(".messages").inner_text()
    assert "巨野县田庄镇某村党支部" in page.locator("#my-membership").inner_text()

    page.click("#near-me")
    page.wait_for_url("**near=*")
    first = page.locator(".org-card").first
    assert "东安社区党支部" in first.inner_text()
    assert "米" in first.locator(".distance").inner_text()
    assert first.get_by_role("link", name="高德").get_attribute("href", timeout=2000)
    first.locator("select[name=basis]").select_option("live")
    first.get_by_role("button", name="在此报到").click()
    assert "已提交报到" in page.locator(".messages").inner_text()
    assert "待确认" in page.locator("#my-checkin").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    other = _phone_context(chromium)
    try:
        staff_page = other.new_page()
        _login(staff_page, base, secretary, "/party/org/")
        card = staff_page.locator(".member", has_text="小董")
        assert "巨野县田庄镇某村党支部" in card.inner_text()
        card.get_by_role("button", name="确认报到").click()
        assert "已确认报到" in staff_page.locator(".messages").inner_text()
        assert staff_page.locator(".member", has_text="小董").count() == 0
    finally:
        other.close()

    page.reload()
    assert "已报到" in page.locator("#my-checkin").inner_text()
    assert "东安社区党支部" in page.locator("#history").inner_text()
    page.goto(f"{base}/inbox/")
    assert "报到已确认：东安社区党支部" in page.content()


def test_organisation_finds_a_member_who_has_not_checked_in_and_invites_them(
        live_server: Any, phone_page: Any, chromium: Any, make_member: Callable[..., User],
        orgs: Any, party_staff: Callable[..., User], settings: Any) -> None:
    settings.NUANXIN_SMS_SENDER = "nuanxin.accounts.sms.OutboxSender"
    OutboxSender.outbox.clear()
    base = live_server.url
    member = make_member(name="住在东安的党员", region="371721001001", home="371702001001")
    make_member(name="曹县的党员", region="371721001001")
    staff = party_staff(orgs.dongcheng, name="东城街道党工委")
    page = phone_page
    _login(page, base, staff, "/party/org/")
    page.get_by_role("link", name="区域内未报到").click()
    cards = page.locator(".member")
    assert cards.count() == 1 and "住在东安的党员" in cards.first.inner_text()
    cards.first.get_by_role("button", name="邀请报到").click()
    assert "已发送报到邀请" in page.locator(".messages").inner_text()
    assert [to for to, _ in OutboxSender.outbox] == [phone_of(member)]

    other = _phone_context(chromium)
    try:
        theirs = other.new_page()
        _login(theirs, base, member, "/inbox/")
        assert "报到邀请：东城街道党工委" in theirs.content()
    finally:
        other.close()


def test_candidate_moves_through_the_pipeline(live_server: Any, phone_page: Any,
                                              make_worker: Callable[..., User], orgs: Any,
                                              party_staff: Callable[..., User]) -> None:
    base = live_server.url
    applicant = make_worker(name="申请人小李")
    staff = party_staff(orgs.dongcheng, name="东城街道组织委员")
    page = phone_page
    _login(page, base, staff, "/party/pipeline/")
    page.select_option("#a-org", label="东安社区党支部")
    page.fill("#a-phone", phone_of(applicant))
    page.fill("#a-on", "2024-03-01")
    page.locator("#apply").get_by_role("button", name="登记").click()
    assert "已登记入党申请书" in page.locator(".messages").inner_text()

    def step(on: str, people: str = "") -> str:
        card = page.locator(".candidate", has_text="申请人小李")
        card.locator("input[name=on]").fill(on)
        card.locator("input[name=people]").fill(people)
        card.get_by_role("button", name="登记这一步").click()
        return str(page.locator(".messages").inner_text())

    def stage() -> str:
        return str(page.locator(".candidate", has_text="申请人小李").locator(".stage")
                   .inner_text())

    assert stage() == "递交入党申请书"
    assert "不能早于上一步" in step("2024-02-01", "张建国")
    assert stage() == "递交入党申请书"
    assert "已登记发展步骤" in step("2024-04-01", "张建国、李丽")
    assert stage() == "入党积极分子"
    step("2024-10-08", "张建国、李丽")
    step("2024-11-01", "王志强、赵红")
    assert stage() == "预备党员"
    assert "预备期一年，2025-11-01起才能转为正式党员" in step("2025-10-01")
    assert stage() == "预备党员"
    step("2025-11-05")
    assert stage() == "正式党员"
    assert Candidate.objects.get(user=applicant).steps.count() == 5
