"""Back office: city admins edit award rules; staff see their region's items and ledgers only."""

from __future__ import annotations

from nuanxin.points import redemptions
from nuanxin.points.models import AwardRule
from nuanxin.points.services import set_award_rule


def test_city_admin_edits_rules_in_admin(client, make_user, regions):
    admin_user = make_user(("city_admin", "371700"))
    type(admin_user).objects.filter(pk=admin_user.pk).update(is_staff=True)
    client.force_login(admin_user)
    rule = set_award_rule(city_code="371700", reason="report_confirmed", amount=20)
    url = f"/admin/points/awardrule/{rule.pk}/change/"
    assert client.get(url).status_code == 200
    r = client.post(url, {"city": regions["371700"].pk, "reason": "report_confirmed",
                          "amount": 25, "daily_cap": 50, "monthly_cap": 0, "active": "on"})
    assert r.status_code == 302, r.content.decode()[:500]
    rule = AwardRule.objects.get()
    assert (rule.amount, rule.daily_cap, rule.updated_by) == (25, 50, admin_user)


def test_staff_see_only_their_region(client, make_user, make_worker, make_station, make_item):
    op = make_user(("station_operator", "371702001001"))
    item = make_item(station=make_station(operator=op))
    far_item = make_item(station=make_station(name="曹县食堂", code="371721001001"),
                         name="曹县午餐券")
    worker = make_worker(points=100)
    redemptions.redeem(user=worker, item_id=item.pk)
    redemptions.redeem(user=worker, item_id=far_item.pk)
    staff = make_user(("township_staff", "371702001"))
    type(staff).objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(staff)
    html = client.get("/admin/points/shopitem/").content.decode()
    assert "小哥食堂午餐券" in html and "曹县午餐券" not in html
    html = client.get("/admin/points/redemption/").content.decode()
    assert html.count("小哥食堂午餐券") >= 1 and "曹县午餐券" not in html
    assert client.get("/admin/points/ledgerentry/").status_code == 200
    assert client.get("/admin/points/adjustment/").status_code == 200
    rule = set_award_rule(city_code="371700", reason="report_confirmed", amount=20)
    r = client.post(f"/admin/points/awardrule/{rule.pk}/change/", {
        "city": rule.city_id, "reason": "report_confirmed", "amount": 99})
    assert r.status_code == 403
    assert AwardRule.objects.get().amount == 20
