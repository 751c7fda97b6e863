"""Hole 1: a NUL byte in any string parameter is refused with a 400, on SQLite and PostgreSQL.

PostgreSQL cannot hold NUL in text, so before the one guard in front of every view these
URLs answered 500 there (and an unrelated 200/404 on SQLite). Each URL is one the probe used.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT

from nuanxin.accounts.models import User
from nuanxin.regions.models import Region
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "请求中含有不允许的空字符（NUL），已拒绝"

ANONYMOUS_GETS = [
    "/api/regions/%00",
    "/api/shop/items?region=%00",
    "/api/reports/nearby?category=%00&lng=115.49&lat=35.24",
    "/open311/v2/requests.json?service_code=%00",
    "/activities/feed.ics?region=%00",
    "/api/regions?x%00=1",
]


@pytest.mark.parametrize("url", ANONYMOUS_GETS)
def test_anonymous_gets_with_nul_are_refused(url: str, regions: dict[str, Region]) -> None:
    r = Client().get(url)
    assert r.status_code == 400, (url, r.status_code)
    assert NUL_MESSAGE in r.content.decode()


@pytest.mark.parametrize("url", ["/api/workers?kind=%00",
                                 "/api/benefits/applications?status=%00"])
def test_staff_gets_with_nul_are_refused(url: str, make_user: Callable[..., User], regions: object,
                                         api_as: Callable[[User], ApiClient]) -> None:
    staff = make_user(("county_staff", "371702"))
    r = api_as(staff).get(url)
    assert r.status_code == 400, (url, r.status_code)
    assert r.json()["detail"] == NUL_MESSAGE


def test_login_api_json_body_with_nul(api: ApiClient, make_user: Callable[..., User],
                                      regions: object) -> None:
    make_user(phone="13900000001")
    r = api.post("/api/auth/token", {"phone": "1390000\x000001", "password": "x"})
    assert r.status_code == 400
    assert r.json() == {"detail": NUL_MESSAGE, "field": "body", "code": "nul_byte"}


def test_login_page_form_with_nul(regions: dict[str, Region]) -> None:
    r = Client().post("/login/", {"username": "139\x0000000001", "password": "x"})
    assert r.status_code == 400
    assert NUL_MESSAGE in r.content.decode()


def test_multipart_field_with_nul(make_user: Callable[..., User], regions: object,
                                  api_as: Callable[[User], ApiClient]) -> None:
    rider = make_user(("worker", "371702001001"))
    r = api_as(rider).post("/api/reports", {"category": "road\x00", "description": "x" * 10},
                           content_type=MULTIPART_CONTENT)
    assert r.status_code == 400
    assert r.json()["field"] == "category"


def test_clean_requests_pass(regions: dict[str, Region]) -> None:
    assert Client().get("/api/regions/371702").status_code == 200
    assert Client().get("/api/shop/items?region=371702").status_code == 200
