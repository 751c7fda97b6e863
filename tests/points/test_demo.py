"""The demo step on the mini tree: a shop at canteens, stations and a supermarket, and the
demo rider's balance — all of it from ledger entries, with every invariant holding."""

from __future__ import annotations

import io

from django.db.models import Sum
from django.utils import timezone

from nuanxin.accounts.services import assign_role, create_user
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker
from nuanxin.points import demo
from nuanxin.points.models import AwardRule, LedgerEntry, Redemption, ShopItem
from nuanxin.points.selectors import balance_of

from .conftest import assert_invariants


def _login(phone: str, role: str, code: str, name: str):
    user = create_user(phone=phone, password="nuanxin2026", display_name=name)
    assign_role(user=user, role=role, region_code=code)
    return user


def test_demo_builds_a_consistent_shop(regions, make_station, make_worker):
    operator = _login("13900000006", "station_operator", "371702001", "驿站负责人")
    _login("13900000004", "community_staff", "371702001001", "东安社区书记")
    _login("13900000002", "county_staff", "371702", "牡丹区社工部")
    rider = _login("13900000008", "worker", "371702001001", "外卖小哥小董")
    Worker.objects.create(user=rider, kind="delivery_rider", work_region=regions["371702001001"])
    make_station(name="东安小哥食堂", operator=operator)
    make_station(name="东城暖新驿站", kind="warm_station", operator=operator)
    make_station(name="西城小哥药堂", code="371702002001", kind="rider_pharmacy")
    for _ in range(5):
        make_worker(code="371702002001")
    ctx = DemoContext(seed=7, now=timezone.now(), out=io.StringIO(), quiet=True)
    demo.build(ctx)

    assert AwardRule.objects.filter(city__code="371700").count() == 4
    kinds = set(ShopItem.objects.values_list("category", flat=True))
    assert {"meal", "goods", "health", "supermarket"} <= kinds
    assert ShopItem.objects.filter(station__name="东安小哥食堂").exists()
    assert ShopItem.objects.filter(merchant_name__endswith="爱心超市").exists()
    # The demo rider: a balance, a used meal voucher and a live code.
    total = LedgerEntry.objects.filter(account__user=rider).aggregate(s=Sum("amount"))["s"]
    assert balance_of(rider) == total > 0
    mine = dict(Redemption.objects.filter(user=rider).values_list("item__category", "status"))
    assert mine == {"meal": "confirmed", "goods": "held"}
    assert Redemption.objects.exclude(user=rider).exists()
    assert_invariants()
