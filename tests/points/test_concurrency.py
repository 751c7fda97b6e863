"""Concurrency proofs on PostgreSQL: hundreds of simultaneous requests, then the invariants.

balance >= 0, stock >= 0, a code used at most once, sum(entries) == balance — checked by
`assert_invariants` after every storm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.kernel.errors import DomainError
from nuanxin.points import redemptions
from nuanxin.points.models import LedgerEntry, Reason, Redemption, ShopItem
from nuanxin.points.selectors import balance_of
from nuanxin.points.services import award_points, set_award_rule
from nuanxin.regions.models import Region
from tests.concurrency import run_together

from .conftest import assert_invariants

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
POOL = 24  # threads (each its own connection), well under max_connections


def storm(tasks: list[Callable[[], Any]]) -> Counter[str]:
    """Run all tasks from POOL threads, released together; count outcomes ("ok" or the code)."""
    return Counter(r.code if isinstance(r, DomainError) else "ok"
                   for r in run_together(tasks, threads=POOL))


def test_one_worker_hundreds_of_redemptions(postgres_only, make_worker, make_user,
                                             make_station, make_item):
    worker = make_worker(points=1000)
    canteen = make_station(operator=make_user(("station_operator", "371702001001")))
    item = make_item(station=canteen, price=10, stock=500)
    outcome = storm([lambda: redemptions.redeem(user=worker, item_id=item.pk)] * 300)
    assert outcome == Counter({"ok": 100, "insufficient_points": 200})
    item.refresh_from_db()
    assert balance_of(worker) == 0 and item.stock == 400
    assert Redemption.objects.count() == 100
    assert len(set(Redemption.objects.values_list("code", flat=True))) == 100
    assert_invariants({item.pk: 500})


def test_many_workers_one_last_item(postgres_only, make_worker, make_station, make_item):
    workers = [make_worker(points=50) for _ in range(200)]
    item = make_item(station=make_station(), price=40, stock=1, name="最后一把雨伞",
                     category="goods")
    outcome = storm([lambda w=w: redemptions.redeem(user=w, item_id=item.pk) for w in workers])
    assert outcome == Counter({"ok": 1, "conflict": 199})
    item.refresh_from_db()
    assert item.stock == 0
    winner = Redemption.objects.get().user
    assert balance_of(winner) == 10
    assert sorted(balance_of(w) for w in workers).count(50) == 199
    assert_invariants({item.pk: 1})


def test_a_code_is_confirmed_once_under_a_crowd(postgres_only, make_worker, make_user,
                                                make_station, make_item):
    op1 = make_user(("station_operator", "371702001001"))
    op2 = make_user(("station_operator", "371702001001"))
    canteen = make_station(operator=op1)
    make_station(name="东安暖新驿站", kind="warm_station", operator=op2)
    worker = make_worker(points=100)
    item = make_item(station=canteen, price=30, stock=5)
    code = redemptions.redeem(user=worker, item_id=item.pk).code
    tasks = [lambda op=op: redemptions.confirm(operator=op, code=code)
             for op in [op1, op2] * 100]
    tasks += [lambda: redemptions.cancel(actor=worker, code=code)] * 50
    outcome = storm(tasks)
    assert outcome["ok"] == 1 and sum(outcome.values()) == 250
    r = Redemption.objects.get()
    assert r.status in ("confirmed", "cancelled")
    assert_invariants({item.pk: 5})


def test_confirm_cancel_and_expiry_race_on_many_codes(postgres_only, make_worker, make_user,
                                                      make_station, make_item):
    op = make_user(("station_operator", "371702001001"))
    item = make_item(station=make_station(operator=op), price=5, stock=100)
    workers = [make_worker(points=20) for _ in range(10)]
    codes = []
    for w in workers:
        for _ in range(4):
            codes.append(redemptions.redeem(user=w, item_id=item.pk))
    # Half the codes are already past their time: expiry and confirm/cancel race on them.
    past = [r.pk for r in codes[::2]]
    Redemption.objects.filter(pk__in=past).update(expires_at=timezone.now() - timedelta(minutes=1))
    tasks: list[Callable[[], Any]] = []
    for r in codes:
        tasks += [lambda c=r.code: redemptions.confirm(operator=op, code=c)] * 3
        tasks += [lambda c=r.code, u=r.user: redemptions.cancel(actor=u, code=c)] * 3
    tasks += [redemptions.expire_due] * 20
    storm(tasks)
    finals = Counter(Redemption.objects.values_list("status", flat=True))
    assert sum(finals.values()) == 40 and finals["held"] == 0
    # Expired codes were never confirmed.
    assert not Redemption.objects.filter(pk__in=past, status="confirmed").exists()
    assert_invariants({item.pk: 100})
    assert sum(balance_of(w) for w in workers) == 200 - 5 * finals["confirmed"]


def test_concurrent_awards_same_source_and_caps(postgres_only, make_worker):
    worker = make_worker()
    source = Region.objects.get(code="371702001001")
    outcome = storm([lambda: award_points(user=worker, reason=Reason.REPORT_CONFIRMED,
                                          source=source)] * 100)
    assert outcome == Counter({"ok": 100})
    assert LedgerEntry.objects.filter(reason=Reason.REPORT_CONFIRMED).count() == 1
    set_award_rule(city_code="371700", reason=Reason.VOLUNTEER_SHIFT, amount=10, daily_cap=55)
    sources = list(Region.objects.all())
    storm([lambda s=s: award_points(user=worker, reason=Reason.VOLUNTEER_SHIFT, source=s)
           for s in sources])
    paid = [e.amount for e in LedgerEntry.objects.filter(reason=Reason.VOLUNTEER_SHIFT)]
    assert sum(paid) == 55 and len(paid) == len(sources)
    assert balance_of(worker) == 75
    assert_invariants()


def test_stock_check_constraint_backs_the_service(postgres_only, make_station, make_item):
    """Even a buggy writer cannot push stock below zero: the database refuses."""
    from django.db import IntegrityError
    from django.db.models import F

    item = make_item(station=make_station(), stock=0)
    with pytest.raises(IntegrityError):
        ShopItem.objects.filter(pk=item.pk).update(stock=F("stock") - 1)
