"""The pages: worker (balance, history, shop, codes), operator (confirm), staff (figures, Excel)."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from nuanxin.points import redemptions
from nuanxin.points.codes import pretty
from nuanxin.points.models import ShopItem
from nuanxin.points.selectors import balance_of


@pytest.fixture
def setup(make_worker, make_user, make_station, make_item):
    operator = make_user(("station_operator", "371702001001"), name="食堂负责人")
    canteen = make_station(operator=operator)
    item = make_item(station=canteen, price=30, stock=3)
    return make_worker(points=100), operator, item


def test_pages_need_login(client, regions):
    assert client.get("/points/").status_code == 302
    assert client.get("/shop/confirm/").url.startswith("/login/")
    assert client.get("/shop/").status_code == 200  # the shop window is public


def test_worker_redeems_on_the_shop_page(client, setup):
    worker, _, item = setup
    client.force_login(worker)
    page = client.get("/shop/").content.decode()
    assert "小哥食堂午餐券" in page and "库存 3" in page and 'id="balance">100<' in page
    r = client.post(f"/shop/items/{item.pk}/redeem/", follow=True)
    html = r.content.decode()
    code = redemptions.Redemption.objects.get().code
    assert "兑换成功" in html and pretty(code) in html and "<svg" in html
    points = client.get("/points/").content.decode()
    assert 'id="balance">70<' in points and "积分兑换" in points and "-30" in points
    assert "待核销" in client.get("/points/codes/").content.decode()
    # Someone else's code page is not found.
    client.force_login(setup[1])
    assert client.get(f"/points/codes/{code}/").status_code == 404


def test_shop_page_shows_the_refusal(client, setup, make_worker):
    _, _, item = setup
    client.force_login(make_worker(points=10))
    html = client.post(f"/shop/items/{item.pk}/redeem/", follow=True).content.decode()
    assert "积分不足：当前10分，兑换需要30分" in html
    assert ShopItem.objects.get().stock == 3


def test_cancel_on_the_code_page(client, setup):
    worker, _, item = setup
    r = redemptions.redeem(user=worker, item_id=item.pk)
    client.force_login(worker)
    html = client.post(f"/points/codes/{r.code}/cancel/", follow=True).content.decode()
    assert "30积分已退回" in html and "已取消" in html
    assert balance_of(worker) == 100


def test_operator_confirm_page(client, setup, make_user, make_station):
    worker, operator, item = setup
    r = redemptions.redeem(user=worker, item_id=item.pk)
    client.force_login(operator)
    html = client.get("/shop/confirm/", {"code": r.code}).content.decode()
    assert "小哥食堂午餐券" in html and "确认交付并核销" in html and worker.phone_masked in html
    html = client.post("/shop/confirm/", {"code": pretty(r.code)}).content.decode()
    assert "核销成功" in html
    again = client.post("/shop/confirm/", {"code": r.code})
    assert again.status_code == 400 and "不能重复使用" in again.content.decode()
    # Another region's operator is refused before seeing anything.
    far = make_user(("station_operator", "371721001001"))
    make_station(name="曹县驿站", code="371721001001", operator=far)
    client.force_login(far)
    html = client.get("/shop/confirm/", {"code": r.code}).content.decode()
    assert "不属于您负责站点所在区域" in html and worker.phone_masked not in html
    assert client.get("/shop/confirm/", {"code": "AAAA2222"}).content.decode().count("不存在") == 1


def test_staff_view_and_export(client, setup, make_user):
    worker, operator, item = setup
    r = redemptions.redeem(user=worker, item_id=item.pk)
    redemptions.confirm(operator=operator, code=r.code)
    staff = make_user(("township_staff", "371702001"))
    client.force_login(staff)
    html = client.get("/points/staff/").content.decode()
    assert "东城街道" in html and "小哥食堂午餐券" in html and "东安社区居委会" in html
    assert client.get("/points/staff/", {"region": "371721"}).status_code == 403
    resp = client.get("/points/staff/export.xlsx")
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(resp.content))
    assert wb.sheetnames == ["积分与兑换汇总", "商品库存", "兑换记录"]
    summary = list(wb["积分与兑换汇总"].iter_rows(values_only=True))
    assert summary[1][:4] == ("东城街道", "371702001", 100, 30)  # issued 100, confirmed 30
    items = list(wb["商品库存"].iter_rows(values_only=True))
    assert items[1][0] == "小哥食堂午餐券" and items[1][5] == 2 and items[1][7] == 1
    rows = list(wb["兑换记录"].iter_rows(values_only=True))
    assert rows[1][0] == pretty(r.code) and rows[1][5] == "已核销"
    assert worker.phone_masked in rows[1]
    client.force_login(worker)
    assert client.get("/points/staff/").status_code == 403
    assert client.get("/points/staff/export.xlsx").status_code == 403


def test_shop_shows_the_workers_county_first(client, setup, make_station, make_item):
    worker, _, _ = setup
    make_item(station=make_station(name="曹县小哥食堂", code="371721001001"), name="曹县午餐券")
    client.force_login(worker)
    html = client.get("/shop/").content.decode()
    assert "显示牡丹区可兑换的商品" in html and "曹县午餐券" not in html
    assert "曹县午餐券" in client.get("/shop/", {"region": "all"}).content.decode()
    client.logout()
    assert "曹县午餐券" in client.get("/shop/").content.decode()  # visitors see everything


def test_my_pages_give_back_expired_codes_at_once(client, setup):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    worker, _, item = setup
    redemptions.redeem(user=worker, item_id=item.pk)
    client.force_login(worker)
    with time_machine.travel(timezone.now() + timedelta(days=4), tick=False):
        html = client.get("/points/").content.decode()
        assert 'id="balance">100<' in html and "兑换退回" in html
        assert "已过期" in client.get("/points/codes/").content.decode()
    assert ShopItem.objects.get().stock == 3
