"""Hole 6: applying takes an Idempotency-Key: a resend returns the first application (200)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.benefits.models import Application
from nuanxin.benefits.services import apply
from tests.concurrency import run_together


@pytest.mark.django_db
def test_api_resend_returns_the_first_application(make_worker: Callable[..., Any],
                                                  make_programme: Callable[..., Any],
                                                  api_as: Callable[..., Any]) -> None:
    programme, worker = make_programme(), make_worker()
    client = api_as(worker)
    url = f"/api/benefits/programmes/{programme.pk}/applications"
    first = client.post(url, {}, HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post(url, {}, HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (201, 200), again.json()
    assert first.json()["id"] == again.json()["id"]
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_make_one_application(postgres_only: None,
                                                 make_worker: Callable[..., Any],
                                                 make_programme: Callable[..., Any]) -> None:
    programme, worker = make_programme(), make_worker()
    results = run_together([lambda: apply(user=worker, programme_id=programme.pk,
                                          idempotency_key="tap")] * 16, threads=16)
    assert all(isinstance(r, Application) for r in results), results
    assert Application.objects.count() == 1
