"""The back office lists activities, sign-ups and benefits in the staff member's region."""

from __future__ import annotations

import pytest
from django.test import Client

from nuanxin.activities.services import sign_up

pytestmark = pytest.mark.django_db


def test_admin_lists_open_for_staff_scope(make_user, make_activity, make_worker, city_admin):
    mine = make_activity(title="东城的活动")
    make_activity(title="曹县的活动", region_code="371721", actor=city_admin)
    sign_up(user=make_worker(name="小董"), activity_id=mine.pk)
    client = Client()
    client.force_login(make_user(("township_staff", "371702001")))
    body = client.get("/admin/activities/activity/").content.decode()
    assert "东城的活动" in body and "曹县的活动" not in body
    body = client.get("/admin/activities/signup/").content.decode()
    assert "小董" in body and "****" in body
    for url in ("/admin/benefits/programme/", "/admin/benefits/application/",
                "/admin/activities/careplan/"):
        assert client.get(url).status_code == 200, url
