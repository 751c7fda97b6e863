"""Hole 2: `page=9223372036854775807` gave a 500 on every paginated endpoint; now a 400."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nuanxin.accounts.models import User
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775807"
PAGED = ["/api/me/points", "/api/me/redemptions", "/api/shop/items", "/api/reports/mine",
         "/api/reports/queue", "/api/workers", "/api/activities"]


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize("page", [HUGE, "100001", "0", "-1"])
def test_out_of_range_page_is_a_400(path: str, page: str, make_user: Callable[..., User], regions: object,
                                    api_as: Callable[[User], ApiClient]) -> None:
    staff = make_user(("county_staff", "371702"), ("grid_worker", "371702001001001"))
    r = api_as(staff).get(f"{path}?page={page}")
    assert r.status_code == 400, (path, r.status_code, r.content[:200])
    body = r.json()
    assert body["field"] == "page"
    assert body["detail"] == "页码(page)应在1到100000之间"


@pytest.mark.parametrize("path", PAGED)
def test_last_allowed_page_is_empty_not_an_error(path: str, make_user: Callable[..., User], regions: object,
                                                  api_as: Callable[[User], ApiClient]) -> None:
    staff = make_user(("county_staff", "371702"), ("grid_worker", "371702001001001"))
    r = api_as(staff).get(f"{path}?page=100000")
    assert r.status_code == 200, (path, r.content[:200])
