"""Hole 3: a check-in code with non-ASCII characters gave a 500 (compare_digest on str)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client

from nuanxin.activities.services import sign_up

pytestmark = pytest.mark.django_db
REFUSAL = "签到码无效，请扫描活动现场的二维码"


@pytest.mark.parametrize("code", ["签到码", "é", "ｃｏｄｅ", ""])
def test_api_refuses_non_ascii_code_cleanly(code: str, make_worker: Callable[..., Any],
                                            make_activity: Callable[..., Any],
                                            api_as: Callable[..., Any]) -> None:
    activity, worker = make_activity(), make_worker()
    sign_up(user=worker, activity_id=activity.pk)
    with time_machine.travel(activity.starts_at + timedelta(minutes=3)):
        r = api_as(worker).post(f"/api/activities/{activity.pk}/checkin", {"code": code})
    assert r.status_code == 400
    assert r.json() == {"detail": REFUSAL, "field": "code", "code": "invalid"}


def test_page_refuses_non_ascii_code_cleanly(make_worker: Callable[..., Any],
                                             make_activity: Callable[..., Any]) -> None:
    activity, worker = make_activity(), make_worker()
    sign_up(user=worker, activity_id=activity.pk)
    page = Client()
    page.force_login(worker)
    with time_machine.travel(activity.starts_at + timedelta(minutes=3)):
        r = page.post(f"/activities/{activity.pk}/checkin/{quote('签到码')}/")
    assert r.status_code == 400
    assert REFUSAL in r.content.decode()
