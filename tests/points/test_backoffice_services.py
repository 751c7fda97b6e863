"""Admin writes of award rules and shop items go through the points services, which check
scope on the stored and the new region; nobody confirms their own redemption (issue 9)."""

from __future__ import annotations

import pytest
from django.test import Client

from nuanxin.accounts.services import assign_role
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.points import items, redemptions, services
from nuanxin.points.models import AwardRule, Reason, ShopItem

pytestmark = pytest.mark.django_db


def test_shop_item_cannot_be_moved_out_of_the_editors_region(make_user, make_item, regions):
    staff = make_user(("township_staff", "371702001"))
    item = make_item(merchant_name="东城超市", region_code="371702001")
    item.region = regions["371721"]
    with pytest.raises(PermissionDenied) as e:
        items.save_item(actor=staff, item=item)
    assert e.value.field == "region"
    assert ShopItem.objects.get(pk=item.pk).region.code == "371702001"


def test_shop_item_of_another_region_cannot_be_edited_or_deleted(make_user, make_item, regions):
    staff = make_user(("township_staff", "371702001"))
    other = make_item(merchant_name="曹县超市", region_code="371721")
    other.price = 1
    with pytest.raises(PermissionDenied):
        items.save_item(actor=staff, item=other)
    with pytest.raises(PermissionDenied):
        items.delete_item(actor=staff, item_id=other.pk)
    assert ShopItem.objects.get(pk=other.pk).price == 30


def test_shop_item_admin_form_shows_the_refusal_on_its_field(make_user, make_item, regions):
    staff = make_user(("township_staff", "371702001"))
    item = make_item(merchant_name="东城超市", region_code="371702001")
    client = Client()
    client.force_login(staff)
    data = {"name": item.name, "category": item.category, "description": "",
            "station": "", "merchant_name": "东城超市", "region": regions["371702001"].pk,
            "price": 0, "stock": 5, "valid_from_0": f"{item.valid_from:%Y-%m-%d}",
            "valid_from_1": "00:00:00", "valid_until_0": f"{item.valid_until:%Y-%m-%d}",
            "valid_until_1": "00:00:00", "code_valid_hours": 72, "per_user_limit": 0,
            "active": "on"}
    r = client.post(f"/admin/points/shopitem/{item.pk}/change/", data)
    assert r.status_code == 200 and "所需积分至少为1" in r.content.decode()
    assert ShopItem.objects.get(pk=item.pk).price == 30


def test_an_item_with_redemptions_is_withdrawn_not_deleted(make_user, make_item, make_worker):
    staff = make_user(("township_staff", "371702001"))
    item = make_item(merchant_name="东城超市", region_code="371702001")
    redemptions.redeem(user=make_worker(points=100), item_id=item.pk)
    with pytest.raises(Conflict):
        items.delete_item(actor=staff, item_id=item.pk)
    assert ShopItem.objects.filter(pk=item.pk).exists()


def test_award_rules_only_by_the_citys_admin(make_user, regions):
    city_admin = make_user(("city_admin", "371700"))
    county = make_user(("county_staff", "371702"))
    rule = AwardRule(city=regions["371700"], reason=Reason.REPORT_CONFIRMED, amount=5)
    with pytest.raises(PermissionDenied):
        services.save_award_rule(actor=county, rule=rule)
    services.save_award_rule(actor=city_admin, rule=rule)
    saved = AwardRule.objects.get(pk=rule.pk)
    assert saved.updated_by == city_admin
    saved.amount = 0
    with pytest.raises(DomainError) as e:
        services.save_award_rule(actor=city_admin, rule=saved)
    assert e.value.field == "amount"
    with pytest.raises(PermissionDenied):
        services.delete_award_rule(actor=county, rule_id=rule.pk)


def test_an_operator_cannot_confirm_their_own_redemption(make_station, make_item, regions):
    from tests.points.conftest import _make_worker

    operator = _make_worker(points=100, name="站长")
    assign_role(user=operator, role="station_operator", region_code="371702001001")
    station = make_station(operator=operator)
    item = make_item(station=station)
    r = redemptions.redeem(user=operator, item_id=item.pk)
    with pytest.raises(PermissionDenied) as e:
        redemptions.confirm(operator=operator, code=r.code)
    assert "不能核销自己的兑换码" in e.value.message
    r.refresh_from_db()
    assert r.status == "held"
