"""Issue 11, item 7, as a rider on a 360-px phone: the default list is what they can join
in their area, soonest first, a page at a time (gzipped); the whole calendar shows when
sign-up opens in full; each activity can be added to the phone's calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.accounts.models import User
from tests.rider.helpers import fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def many(make_user: Callable[..., User], regions: Any) -> dict[str, Any]:
    from nuanxin.activities.services import ActivityDraft, publish_activity

    town = make_user(("township_staff", "371702001"), name="东城街道干部")
    county = make_user(("county_staff", "371721"), name="曹县社工部")
    now = timezone.now()

    def draft(title: str, code: str, days: float, opens: float = -1) -> ActivityDraft:
        start = now + timedelta(days=days)
        return ActivityDraft(
            title=title, category="summer_cooling", cadence="monthly", region_code=code,
            starts_at=start, ends_at=start + timedelta(hours=2),
            signup_opens_at=now + timedelta(days=opens),
            signup_closes_at=start - timedelta(hours=1), capacity=10,
            address="东城街道党群服务中心", lat=35.2410, lng=115.4920)

    mine = [publish_activity(actor=town, draft=draft(f"东城第{n:02d}场", "371702001", 2 + n))
            for n in range(25)]
    later = publish_activity(actor=town, draft=draft("东城冬季送温暖", "371702001", 12, opens=5))
    far = publish_activity(actor=county, draft=draft("曹县的活动", "371721", 1.5))
    return {"mine": mine, "later": later, "far": far}


def test_rider_sees_what_they_can_join_soonest_first_a_page_at_a_time(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        many: dict[str, Any]) -> None:
    make_rider(phone="13612347001")
    page = phone_page
    login(page, live_server.url, "13612347001", "/activities/")
    titles = page.locator("a.act-card h2").all_inner_texts()
    assert titles == [f"东城第{n:02d}场" for n in range(20)]  # soonest first, 20 a page
    assert "曹县的活动" not in page.content() and "东城冬季送温暖" not in page.content()
    assert page.evaluate("document.documentElement.scrollHeight") < 8000
    assert fits_phone(page)
    page.get_by_role("link", name="更多活动").click()
    assert page.locator("a.act-card h2").all_inner_texts() == [
        f"东城第{n:02d}场" for n in range(20, 25)]
    assert page.locator("#more").count() == 0

    r = page.request.get(f"{live_server.url}/activities/",
                         headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"

    page.goto(f"{live_server.url}/activities/")
    page.get_by_role("link", name="看全部活动").click()
    page.wait_for_url("**all=1")
    card = page.locator("a.act-card", has_text="东城冬季送温暖")
    opens = timezone.localtime(many["later"].signup_opens_at)
    assert card.locator(".why").inner_text() == (
        f"报名尚未开始，{opens:%Y年%m月%d日 %H:%M}开放报名")  # in full, not cut


def test_rider_adds_an_activity_to_the_phone_calendar(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        many: dict[str, Any]) -> None:
    make_rider(phone="13612347002")
    first = many["mine"][0]
    page = phone_page
    login(page, live_server.url, "13612347002", f"/activities/{first.pk}/")
    href = page.get_by_role("link", name="加入日历").get_attribute("href")
    r = page.request.get(f"{live_server.url}{href}")
    assert r.headers["content-type"].startswith("text/calendar")
    body = r.text()
    assert body.count("BEGIN:VEVENT") == 1 and "SUMMARY:东城第00场" in body
