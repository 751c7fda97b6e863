"""The API from the issue: my points, the shop, redeem, confirm, cancel — and every refusal."""

from __future__ import annotations

import pytest

from nuanxin.points.models import ShopItem
from nuanxin.points.selectors import balance_of


@pytest.fixture
def shop(make_worker, make_user, make_station, make_item):
    operator = make_user(("station_operator", "371702001001"), name="食堂负责人")
    canteen = make_station(operator=operator)
    item = make_item(station=canteen, price=30, stock=1, description="工作日午餐一份")
    return make_worker(points=100), operator, item


def test_me_points_shows_balance_and_entries(shop, api_as, api):
    worker, _, _ = shop
    body = api_as(worker).get("/api/me/points").json()
    assert body["balance"] == 100
    assert body["entries"]["total"] == 1
    assert body["entries"]["items"][0]["amount"] == 100
    assert body["entries"]["items"][0]["reason_label"] == "人工调整"
    assert api.get("/api/me/points").status_code == 401


def test_shop_items_is_public(shop, api):
    _, _, item = shop
    body = api.get("/api/shop/items").json()
    assert body["total"] == 1
    got = body["items"][0]
    assert (got["id"], got["price"], got["stock"], got["provider"], got["region_name"]) == (
        item.pk, 30, 1, "东安小哥食堂", "东安社区居委会")
    assert api.get("/api/shop/items", {"region": "371721"}).json()["total"] == 0
    assert api.get("/api/shop/items", {"region": "999"}).status_code == 404


def test_redeem_confirm_and_refusals(shop, api_as, make_worker, make_user, make_station):
    worker, operator, item = shop
    me = api_as(worker)
    r = me.post(f"/api/shop/items/{item.pk}/redeem")
    assert r.status_code == 201, r.json()
    body = r.json()
    code = body["code"]
    assert body["balance"] == 70 and body["stock"] == 0 and body["status_label"] == "待核销"
    assert body["qr_svg"].startswith("<svg") and body["confirm_url"].endswith(code)
    # No stock left: 409, nothing changed.
    r = api_as(make_worker(points=100)).post(f"/api/shop/items/{item.pk}/redeem")
    assert r.status_code == 409 and r.json()["field"] == "stock" and "已兑完" in r.json()["detail"]
    # Another region's station: 403.
    far = make_user(("station_operator", "371721001001"))
    make_station(name="曹县驿站", code="371721001001", operator=far)
    r = api_as(far).post(f"/api/redemptions/{code}/confirm")
    assert r.status_code == 403 and "不属于" in r.json()["detail"]
    assert api_as(far).get(f"/api/redemptions/{code}").status_code == 403
    # The canteen looks it up (no QR for the operator), then confirms.
    op = api_as(operator)
    seen = op.get(f"/api/redemptions/{code.lower()}").json()
    assert seen["status"] == "held" and seen["qr_svg"] == ""
    r = op.post(f"/api/redemptions/{code}/confirm")
    assert r.status_code == 200 and r.json()["status_label"] == "已核销"
    assert r.json()["station_name"] == "东安小哥食堂"
    r = op.post(f"/api/redemptions/{code}/confirm")
    assert r.status_code == 409 and "不能重复使用" in r.json()["detail"]
    r = me.post(f"/api/redemptions/{code}/cancel")
    assert r.status_code == 409
    assert op.post("/api/redemptions/NOPE2345/confirm").status_code == 404
    assert balance_of(worker) == 70 and ShopItem.objects.get().stock == 0


def test_too_few_points_api(shop, api_as, make_worker):
    _, _, item = shop
    poor = make_worker(points=5)
    r = api_as(poor).post(f"/api/shop/items/{item.pk}/redeem")
    assert r.status_code == 400
    assert r.json() == {"detail": "积分不足：当前5分，兑换需要30分", "field": "points",
                        "code": "insufficient_points"}
    assert balance_of(poor) == 5 and ShopItem.objects.get().stock == 1
    assert api_as(poor).post("/api/shop/items/99999/redeem").status_code == 404


def test_cancel_api_and_my_redemptions(shop, api_as, make_worker):
    worker, _, item = shop
    me = api_as(worker)
    code = me.post(f"/api/shop/items/{item.pk}/redeem").json()["code"]
    assert api_as(make_worker()).post(f"/api/redemptions/{code}/cancel").status_code == 403
    mine = me.get("/api/me/redemptions").json()
    assert mine["total"] == 1 and mine["items"][0]["code"] == code
    r = me.post(f"/api/redemptions/{code}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert balance_of(worker) == 100 and ShopItem.objects.get().stock == 1
    assert me.post(f"/api/redemptions/{code}/cancel").status_code == 409
