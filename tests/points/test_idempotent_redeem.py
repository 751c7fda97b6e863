"""Hole 6: a redemption committed while its client saw a reset; a retry spent again.
With the same Idempotency-Key a retry gets the first code back and spends nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.points import redemptions, selectors
from nuanxin.points.models import Redemption
from tests.concurrency import run_together

from .conftest import assert_invariants, give


@pytest.mark.django_db
def test_api_retry_returns_the_first_code(make_worker: Callable[..., Any],
                                          make_item: Callable[..., Any],
                                          make_station: Callable[..., Any],
                                          api_as: Callable[..., Any]) -> None:
    worker, item = make_worker(), make_item(make_station(), price=30, stock=5)
    give(worker, 100)
    client = api_as(worker)
    first = client.post(f"/api/shop/items/{item.pk}/redeem", HTTP_IDEMPOTENCY_KEY="tap-1")
    again = client.post(f"/api/shop/items/{item.pk}/redeem", HTTP_IDEMPOTENCY_KEY="tap-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    assert again.json()["balance"] == 70 and again.json()["stock"] == 4
    other = client.post(f"/api/shop/items/{item.pk}/redeem", HTTP_IDEMPOTENCY_KEY="tap-2")
    assert other.status_code == 201 and other.json()["balance"] == 40
    assert Redemption.objects.count() == 2
    assert_invariants()


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_spend_once(postgres_only: None, make_worker: Callable[..., Any],
                                       make_item: Callable[..., Any],
                                       make_station: Callable[..., Any]) -> None:
    worker, item = make_worker(), make_item(make_station(), price=30, stock=5)
    give(worker, 100)
    results = run_together([lambda: redemptions.redeem(user=worker, item_id=item.pk,
                                                       idempotency_key="same-tap")] * 20,
                           threads=20)
    codes = {r.code for r in results if isinstance(r, Redemption)}
    assert len(codes) == 1 and len(results) == 20 and all(
        isinstance(r, Redemption) for r in results)
    assert selectors.balance_of(worker) == 70
    assert_invariants()
