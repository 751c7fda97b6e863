"""Bad input the review found: each gets a Chinese message naming the field, a 4xx, no write."""

from __future__ import annotations

import re

import pytest

from nuanxin.kernel.errors import DomainError
from nuanxin.points import redemptions
from nuanxin.points.codes import confirm_path, qr_svg
from nuanxin.points.models import LedgerEntry, Redemption, ShopItem


def test_unknown_region_filter_names_the_region_parameter(api, regions):
    r = api.get("/api/shop/items", {"region": "999"})
    assert r.status_code == 404
    assert r.json()["field"] == "region" and "“999”不存在" in r.json()["detail"]


def test_shop_page_says_an_unknown_region_does_not_exist(client, make_station, make_item):
    make_item(station=make_station(), name="小哥食堂午餐券")
    r = client.get("/shop/", {"region": "999"})
    html = r.content.decode()
    assert r.status_code == 404
    assert "区划代码“999”不存在，已显示全部商品" in html and "小哥食堂午餐券" in html
    assert "不存在" not in client.get("/shop/", {"region": "all"}).content.decode()


def test_api_qr_opens_the_confirm_page_by_full_address(api_as, make_worker, make_station,
                                                       make_item):
    """A phone's scanner only opens a full URL, so the API's QR carries one (as the page's)."""
    worker = make_worker(points=50)
    item = make_item(station=make_station(), price=10)
    body = api_as(worker).post(f"/api/shop/items/{item.pk}/redeem").json()
    full = "http://testserver" + confirm_path(body["code"])
    assert body["qr_svg"] == qr_svg(full)
    assert body["confirm_url"] == confirm_path(body["code"])


def test_an_empty_code_is_asked_for(api_as, client, make_worker, make_user, make_station,
                                    make_item):
    operator = make_user(("station_operator", "371702001001"))
    worker = make_worker(points=50)
    item = make_item(station=make_station(operator=operator), price=10, stock=2)
    redemptions.redeem(user=worker, item_id=item.pk)
    for who, action in [(operator, "confirm"), (worker, "cancel")]:
        r = api_as(who).post(f"/api/redemptions/-/{action}")
        assert r.status_code == 400, r.json()
        assert r.json() == {"detail": "请输入兑换码", "field": "code", "code": "invalid"}
    client.force_login(operator)
    r = client.post("/shop/confirm/", {"code": "  "})
    assert r.status_code == 400 and "请输入兑换码" in r.content.decode()
    assert Redemption.objects.get().status == "held"
    assert ShopItem.objects.get().stock == 1 and LedgerEntry.objects.count() == 2


def _admin_item_form(station, region) -> dict:
    return {"name": "午餐券", "category": "meal", "description": "", "station": station.pk,
            "merchant_name": "", "region": region.pk, "price": 10, "stock": 5,
            "valid_from_0": "2026-11-01", "valid_from_1": "08:00",
            "valid_until_0": "2026-12-31", "valid_until_1": "08:00",
            "code_valid_hours": 72, "per_user_limit": 0, "active": "on"}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("stock", -1, "库存不能为负数"),
    ("price", 0, "所需积分至少为1"),
    ("code_valid_hours", 0, "兑换码有效时长至少为1小时"),
    ("valid_until_0", "2026-10-01", "兑换截止时间必须晚于开始时间"),
    ("station", "", "请选择提供站点或填写提供商家"),
])
def test_admin_item_form_names_the_field_in_chinese(field, value, message, client, make_user,
                                                    make_station):
    staff = make_user(("township_staff", "371702001"))
    type(staff).objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(staff)
    station = make_station()
    form = {**_admin_item_form(station, station.region), field: value}
    r = client.post("/admin/points/shopitem/add/", form)
    html = r.content.decode()
    assert r.status_code == 200 and message in html
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    assert len(errors) == 1 and "约束" not in html  # one message, not the DB constraint's too
    assert re.search(rf'class="form-row errors field-{field.removesuffix("_0")}', html)
    assert not ShopItem.objects.exists()


def test_service_refuses_a_code_lifetime_of_zero(make_station, make_item):
    with pytest.raises(DomainError, match="兑换码有效时长至少为1小时") as e:
        make_item(station=make_station(), code_valid_hours=0)
    assert e.value.field == "code_valid_hours" and not ShopItem.objects.exists()
