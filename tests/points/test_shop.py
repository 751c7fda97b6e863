"""Redeem, confirm, cancel, expire: every rule and every refusal leaves nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.points import redemptions
from nuanxin.points.codes import ALPHABET, LENGTH
from nuanxin.points.models import LedgerEntry, Reason, Redemption, ShopItem
from nuanxin.points.selectors import balance_of

from .conftest import assert_invariants


@pytest.fixture
def canteen_setup(make_worker, make_user, make_station, make_item):
    operator = make_user(("station_operator", "371702001001"), name="食堂负责人")
    canteen = make_station(operator=operator)
    item = make_item(station=canteen, price=30, stock=2)
    worker = make_worker(points=100)
    return worker, operator, canteen, item


def _unchanged(worker, item, balance: int, stock: int) -> None:
    item.refresh_from_db()
    assert balance_of(worker) == balance and item.stock == stock
    assert_invariants()


def test_redeem_holds_points_takes_stock_and_gives_a_code(canteen_setup):
    worker, _, _, item = canteen_setup
    before = timezone.now()
    r = redemptions.redeem(user=worker, item_id=item.pk)
    item.refresh_from_db()
    assert balance_of(worker) == 70 and item.stock == 1
    assert len(r.code) == LENGTH and set(r.code) <= set(ALPHABET)
    assert r.status == "held" and r.points == 30
    assert timedelta(hours=71) < r.expires_at - before <= timedelta(hours=72, seconds=5)
    entry = LedgerEntry.objects.get(reason=Reason.REDEMPTION)
    assert entry.amount == -30 and entry.source == f"points.redemption:{r.pk}"
    assert_invariants({item.pk: 2})


def test_code_expires_no_later_than_the_item(canteen_setup, make_item):
    worker, _, canteen, _ = canteen_setup
    short = make_item(station=canteen, price=10, valid_until=timezone.now() + timedelta(hours=3))
    r = redemptions.redeem(user=worker, item_id=short.pk)
    assert r.expires_at == short.valid_until


def test_too_few_points(canteen_setup, make_worker):
    _, _, _, item = canteen_setup
    poor = make_worker(points=29)
    with pytest.raises(DomainError, match="积分不足：当前29分，兑换需要30分") as e:
        redemptions.redeem(user=poor, item_id=item.pk)
    assert e.value.field == "points"
    _unchanged(poor, item, 29, 2)
    assert not Redemption.objects.exists()


def test_no_stock(canteen_setup):
    worker, _, _, item = canteen_setup
    redemptions.redeem(user=worker, item_id=item.pk)
    redemptions.redeem(user=worker, item_id=item.pk)
    with pytest.raises(Conflict, match="已兑完"):
        redemptions.redeem(user=worker, item_id=item.pk)
    _unchanged(worker, item, 40, 0)
    assert Redemption.objects.count() == 2


@pytest.mark.parametrize("change,message", [
    ({"active": False}, "已下架"),
    ({"valid_from_days": 1}, "起才能兑换"),
    ({"valid_until_days": -1}, "已截止"),
])
def test_item_not_open(canteen_setup, change, message):
    worker, _, _, item = canteen_setup
    now = timezone.now()
    if "active" in change:
        ShopItem.objects.filter(pk=item.pk).update(active=False)
    if "valid_from_days" in change:
        ShopItem.objects.filter(pk=item.pk).update(valid_from=now + timedelta(days=1),
                                                   valid_until=now + timedelta(days=9))
    if "valid_until_days" in change:
        ShopItem.objects.filter(pk=item.pk).update(valid_from=now - timedelta(days=9),
                                                   valid_until=now - timedelta(days=1))
    with pytest.raises(DomainError, match=message):
        redemptions.redeem(user=worker, item_id=item.pk)
    _unchanged(worker, item, 100, 2)


def test_closed_station_and_unknown_item(canteen_setup):
    worker, _, canteen, item = canteen_setup
    canteen.status = "closed"
    canteen.save()
    with pytest.raises(DomainError, match="站点已停用"):
        redemptions.redeem(user=worker, item_id=item.pk)
    with pytest.raises(NotFound):
        redemptions.redeem(user=worker, item_id=999999)
    _unchanged(worker, item, 100, 2)


def test_per_user_limit(canteen_setup, make_item):
    worker, _, canteen, _ = canteen_setup
    limited = make_item(station=canteen, price=10, stock=5, per_user_limit=1)
    redemptions.redeem(user=worker, item_id=limited.pk)
    with pytest.raises(Conflict, match="每人限兑1次"):
        redemptions.redeem(user=worker, item_id=limited.pk)
    _unchanged(worker, limited, 90, 4)


def test_operator_confirms_once(canteen_setup):
    worker, operator, canteen, item = canteen_setup
    r = redemptions.redeem(user=worker, item_id=item.pk)
    done = redemptions.confirm(operator=operator, code=f" {r.code[:4].lower()}-{r.code[4:]} ")
    assert done.status == "confirmed" and done.station == canteen
    assert done.confirmed_by == operator
    with pytest.raises(Conflict, match=r"已使用.*不能重复使用"):
        redemptions.confirm(operator=operator, code=r.code)
    _unchanged(worker, item, 70, 1)


def test_code_from_another_regions_station_refused(canteen_setup, make_user, make_station):
    worker, _, _, item = canteen_setup
    far = make_user(("station_operator", "371721001001"))
    make_station(name="曹县小哥食堂", code="371721001001", operator=far)
    r = redemptions.redeem(user=worker, item_id=item.pk)
    with pytest.raises(PermissionDenied, match="不属于您负责站点所在区域"):
        redemptions.confirm(operator=far, code=r.code)
    # A neighbouring community in the same street is still another region for a canteen item.
    near = make_user(("station_operator", "371702001006"))
    make_station(name="双河驿站", code="371702001006", operator=near, kind="warm_station")
    with pytest.raises(PermissionDenied):
        redemptions.confirm(operator=near, code=r.code)
    # Holding a role without running a station is not enough either.
    role_only = make_user(("station_operator", "371702001"))
    with pytest.raises(PermissionDenied):
        redemptions.confirm(operator=role_only, code=r.code)
    r.refresh_from_db()
    assert r.status == "held"
    _unchanged(worker, item, 70, 1)


def test_merchant_item_confirmed_at_any_station_of_its_region(make_worker, make_user,
                                                              make_station, make_item):
    worker = make_worker(points=50)
    op = make_user(("station_operator", "371702001006"))
    station = make_station(name="双河暖新驿站", code="371702001006", operator=op,
                           kind="warm_station")
    item = make_item(merchant_name="东城爱心超市", region_code="371702001", price=20,
                     category="supermarket", name="洗衣液一瓶")
    r = redemptions.redeem(user=worker, item_id=item.pk)
    assert redemptions.confirm(operator=op, code=r.code).station == station


def test_unknown_code(canteen_setup):
    _, operator, _, _ = canteen_setup
    with pytest.raises(NotFound, match="兑换码不存在"):
        redemptions.confirm(operator=operator, code="ZZZZZZZZ")


def test_cancel_gives_back_points_and_stock_once(canteen_setup, make_worker):
    worker, operator, _, item = canteen_setup
    r = redemptions.redeem(user=worker, item_id=item.pk)
    stranger = make_worker()
    with pytest.raises(PermissionDenied):
        redemptions.cancel(actor=stranger, code=r.code)
    redemptions.cancel(actor=worker, code=r.code)
    _unchanged(worker, item, 100, 2)
    refund = LedgerEntry.objects.get(reason=Reason.REFUND)
    assert refund.amount == 30 and "取消" in refund.note
    with pytest.raises(Conflict, match="已取消"):
        redemptions.cancel(actor=worker, code=r.code)
    with pytest.raises(Conflict, match="已取消"):
        redemptions.confirm(operator=operator, code=r.code)
    _unchanged(worker, item, 100, 2)


def test_confirmed_code_cannot_be_cancelled(canteen_setup):
    worker, operator, _, item = canteen_setup
    r = redemptions.redeem(user=worker, item_id=item.pk)
    redemptions.confirm(operator=operator, code=r.code)
    with pytest.raises(Conflict, match="已使用"):
        redemptions.cancel(actor=worker, code=r.code)
    _unchanged(worker, item, 70, 1)


def test_expired_code_refused_then_expiry_command_refunds_once(canteen_setup):
    worker, operator, _, item = canteen_setup
    r = redemptions.redeem(user=worker, item_id=item.pk)
    later = timezone.now() + timedelta(hours=73)
    with time_machine.travel(later, tick=False):
        with pytest.raises(Conflict, match="过期"):
            redemptions.confirm(operator=operator, code=r.code)
        _unchanged(worker, item, 70, 1)
        call_command("expire_redemptions")
        _unchanged(worker, item, 100, 2)
        r.refresh_from_db()
        assert r.status == "expired"
        call_command("expire_redemptions")  # idempotent
        assert redemptions.expire_due() == 0
        _unchanged(worker, item, 100, 2)
        with pytest.raises(Conflict, match="已过期"):
            redemptions.confirm(operator=operator, code=r.code)
    assert LedgerEntry.objects.filter(reason=Reason.REFUND).count() == 1


def test_expiry_leaves_live_codes_alone(canteen_setup):
    worker, _, _, item = canteen_setup
    redemptions.redeem(user=worker, item_id=item.pk)
    assert redemptions.expire_due() == 0
    _unchanged(worker, item, 70, 1)


def test_item_validation(make_station, make_item):
    station = make_station()
    with pytest.raises(DomainError, match="不在可兑换区域"):
        make_item(station=station, region_code="371721")
    with pytest.raises(DomainError, match="提供站点或填写提供商家"):
        make_item(region_code="371702")
    assert not ShopItem.objects.exists()
