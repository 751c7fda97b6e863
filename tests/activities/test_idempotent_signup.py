"""Hole 6: sign-up takes an Idempotency-Key like reports: a resend gets the first seat (200)
instead of a "已报名" refusal, and concurrent resends make one sign-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.activities.models import Signup
from nuanxin.activities.services import sign_up
from tests.concurrency import run_together


@pytest.mark.django_db
def test_api_resend_returns_the_first_signup(make_worker: Callable[..., Any],
                                             make_activity: Callable[..., Any],
                                             api_as: Callable[..., Any]) -> None:
    activity, worker = make_activity(), make_worker()
    client = api_as(worker)
    url = f"/api/activities/{activity.pk}/signups"
    first = client.post(url, {}, HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post(url, {}, HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert client.post(url, {}).status_code == 409  # without a key: a real second try
    assert Signup.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_make_one_signup(postgres_only: None,
                                            make_worker: Callable[..., Any],
                                            make_activity: Callable[..., Any]) -> None:
    activity, worker = make_activity(), make_worker()
    results = run_together([lambda: sign_up(user=worker, activity_id=activity.pk,
                                            idempotency_key="tap")] * 16, threads=16)
    assert all(isinstance(r, Signup) for r in results)
    assert len({r.pk for r in results}) == 1 and Signup.objects.count() == 1
