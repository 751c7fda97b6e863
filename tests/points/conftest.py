"""Points fixtures: workers with a work region, stations with operators, shop items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Sum
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.people.models import Worker
from nuanxin.points.items import create_item
from nuanxin.points.models import (
    LedgerEntry,
    PointsAccount,
    Reason,
    Redemption,
    RedemptionStatus,
    ShopItem,
)
from nuanxin.points.services import post_entry
from nuanxin.regions.models import Region
from nuanxin.stations.models import Station

_seq = iter(range(10_000_000))


def next_phone() -> str:
    """Phones of this suite's users: 1370xxxxxxx, apart from the shared fixture's 1390…."""
    return f"1370{next(_seq):07d}"


def _make_worker(code: str = "371702001001", points: int = 0, name: str = "外卖小哥",
                 phone: str | None = None) -> User:
    from nuanxin.accounts.services import assign_role, create_user

    user = create_user(phone=phone or next_phone(), password="pass-word-123", display_name=name)
    assign_role(user=user, role="worker", region_code=code)
    Worker.objects.create(user=user, kind="delivery_rider", platform="美团外卖",
                          work_region=Region.objects.get(code=code))
    if points:
        give(user, points)
    return User.objects.get(pk=user.pk)


def give(user: User, points: int) -> None:
    """Seed a balance through the ledger, as a manual entry would (never by setting balance)."""
    from django.db import transaction

    with transaction.atomic():
        post_entry(user=user, amount=points, reason=Reason.MANUAL_ADJUSTMENT, note="测试初始积分")


@pytest.fixture
def make_worker(regions: dict[str, Region]) -> Callable[..., User]:
    return _make_worker


@pytest.fixture
def make_station(regions: dict[str, Region]) -> Callable[..., Station]:
    def make(name: str = "东安小哥食堂", code: str = "371702001001", operator: User | None = None,
             kind: str = "rider_canteen", status: str = "open") -> Station:
        region = Region.objects.get(code=code)
        return Station.objects.create(name=name, kind=kind, region=region, lng=region.lng or 0,
                                      lat=region.lat or 0, operator=operator, status=status)

    return make


@pytest.fixture
def make_item(regions: dict[str, Region]) -> Callable[..., ShopItem]:
    def make(station: Station | None = None, price: int = 30, stock: int = 10,
             name: str = "小哥食堂午餐券", region_code: str | None = None,
             merchant_name: str = "", days: int = 30, **extra: Any) -> ShopItem:
        now = timezone.now()
        region = Region.objects.get(code=region_code) if region_code else None
        return create_item(name=name, category=extra.pop("category", "meal"), price=price,
                           stock=stock, station=station, region=region,
                           merchant_name=merchant_name,
                           valid_from=extra.pop("valid_from", now - timedelta(days=1)),
                           valid_until=extra.pop("valid_until", now + timedelta(days=days)),
                           **extra)

    return make


def assert_invariants(initial_stock: dict[int, int] | None = None) -> None:
    """The four promises: balance >= 0 and == sum(entries); stock >= 0 and accounted for;
    each redemption's hold entry once, its refund at most once and only if not confirmed."""
    for account in PointsAccount.objects.all():
        total = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0
        assert account.balance >= 0
        assert account.balance == total, (account.pk, account.balance, total)
    for item in ShopItem.objects.all():
        assert item.stock >= 0
        if initial_stock is not None and item.pk in initial_stock:
            out = item.redemptions.filter(
                status__in=[RedemptionStatus.HELD, RedemptionStatus.CONFIRMED]).count()
            assert item.stock + out == initial_stock[item.pk]
    for r in Redemption.objects.all():
        key = f"points.redemption:{r.pk}"
        assert LedgerEntry.objects.filter(reason=Reason.REDEMPTION, source=key).count() == 1
        refunds = LedgerEntry.objects.filter(reason=Reason.REFUND, source=key).count()
        released = r.status in (RedemptionStatus.CANCELLED, RedemptionStatus.EXPIRED)
        assert refunds == (1 if released else 0)
        assert (r.confirmed_at is not None) == (r.status == RedemptionStatus.CONFIRMED)
