"""The QR check-in page on the day, the city's award rule, and the sign-up pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from nuanxin.activities.models import Signup
from nuanxin.activities.services import sign_up
from nuanxin.points.models import LedgerEntry
from nuanxin.points.services import set_award_rule

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_scanning_the_qr_checks_in_and_pays_the_city_rule(make_worker, make_activity):
    set_award_rule(city_code="371700", reason="activity_attended", amount=15)
    activity = make_activity()  # no points of its own: the city's rule decides
    worker = make_worker()
    sign_up(user=worker, activity_id=activity.pk)
    page = _client(worker)
    url = f"/activities/{activity.pk}/checkin/{activity.checkin_code}/"
    with time_machine.travel(activity.starts_at + timedelta(minutes=3)):
        assert "确认签到" in page.get(url).content.decode()
        body = page.post(url).content.decode()
        assert "签到成功" in body
        again = page.post(url).content.decode()
        assert "签到成功" in again
        wrong = page.post(f"/activities/{activity.pk}/checkin/nope/").content.decode()
        assert "签到码无效，请扫描活动现场的二维码" in wrong
    assert [e.amount for e in LedgerEntry.objects.filter(account__user=worker)] == [15]


def test_checkin_page_needs_login(make_activity):
    activity = make_activity()
    r = Client().get(f"/activities/{activity.pk}/checkin/{activity.checkin_code}/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_detail_page_sign_up_and_refusals_shown(make_worker, make_activity):
    activity = make_activity(capacity=1, waitlist_size=0)
    first, second = make_worker(), make_worker(kind="courier")
    page = _client(first)
    r = page.post(f"/activities/{activity.pk}/signup", follow=True)
    assert "报名成功" in r.content.decode() and "您已报名" in r.content.decode()
    r = _client(second).post(f"/activities/{activity.pk}/signup", follow=True)
    assert "名额已满，候补也已排满" in r.content.decode()
    assert Signup.objects.filter(user=second).count() == 0


def test_camp_page_asks_for_the_child(make_worker, make_activity):
    start = timezone.now() + timedelta(days=10)
    camp = make_activity(category="summer_camp", for_children=True, child_min_age=6,
                         child_max_age=12, starts_at=start, ends_at=start + timedelta(days=3),
                         signup_closes_at=start - timedelta(days=1))
    worker = make_worker()
    page = _client(worker)
    assert 'name="child_birth_date"' in page.get(f"/activities/{camp.pk}/").content.decode()
    r = page.post(f"/activities/{camp.pk}/signup",
                  {"child_name": "小明", "child_birth_date": "不是日期"}, follow=True)
    assert "子女出生日期格式不正确" in r.content.decode()
    born = date(timezone.localtime(start).year - 8, 3, 1)
    r = page.post(f"/activities/{camp.pk}/signup",
                  {"child_name": "小明", "child_birth_date": born.isoformat()}, follow=True)
    assert "您已报名（小明）" in r.content.decode()


def test_unknown_activity_page_is_404(regions):
    assert Client().get("/activities/9999/").status_code == 404


def test_calendar_lists_by_month_and_joinable(make_worker, make_activity, city_admin):
    make_activity(title="东城的活动")
    make_activity(title="曹县的活动", region_code="371721", actor=city_admin)
    worker = make_worker()
    body = _client(worker).get("/activities/?all=1").content.decode()
    assert "东城的活动" in body and "曹县的活动" in body and "年" in body
    # issue 11: by default a worker sees what they can join (their area, sign-up open)
    body = _client(worker).get("/activities/").content.decode()
    assert "东城的活动" in body and "曹县的活动" not in body
    body = Client().get("/activities/?near=bad").content.decode()
    assert "位置格式应为" in body
