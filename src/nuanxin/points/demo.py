"""Demo step: Heze's award rules, a shop at canteens, stations and a 爱心超市, and redemptions.

Every balance comes from ledger entries written through the services (awards, audited
manual back-entries of paper records, redemptions and refunds), never set directly.
Runs after activities (50) and reports (60): their awards are already in the ledger.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from nuanxin.accounts.models import User
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.kernel.errors import DomainError
from nuanxin.people.models import Worker
from nuanxin.points import redemptions
from nuanxin.points.items import create_item
from nuanxin.points.models import (
    LedgerEntry,
    PointsAccount,
    Reason,
    Redemption,
    RedemptionStatus,
    ShopItem,
)
from nuanxin.points.selectors import confirming_station
from nuanxin.points.services import adjust_points, award_points, set_award_rule, source_key
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.stations.models import Station, StationStatus

ORDER = 70
CITY = "371700"
MUDAN = "371702"  # 牡丹区: where the demo logins work
DEMO_WORKER = "13900000008"
DEMO_OPERATOR = "13900000006"
DEMO_COMMUNITY_STAFF = "13900000004"
DEMO_COUNTY_STAFF = "13900000002"
RULES = [  # reason, amount, daily cap, monthly cap
    (Reason.REPORT_CONFIRMED, 20, 60, 300), (Reason.ACTIVITY_ATTENDED, 10, 30, 200),
    (Reason.VOLUNTEER_SHIFT, 15, 30, 300), (Reason.STATION_HELP, 5, 10, 100),
]
# kind: how many stations, then (name, category, price, stock, description)
OFFERS: dict[str, tuple[int, list[tuple[str, str, int, int, str]]]] = {
    "rider_canteen": (10, [("小哥食堂午餐券", "meal", 30, 60, "工作日午餐一份（两荤一素+汤）"),
                           ("小哥食堂晚餐券", "meal", 30, 40, "晚餐一份，17:00后可用")]),
    "warm_station": (6, [("晴雨两用伞", "goods", 40, 20, "骑行可用的加固雨伞"),
                         ("夏送清凉礼包", "goods", 25, 50, "藿香正气水、毛巾、清凉油")]),
    "rider_pharmacy": (4, [("免费基础体检一次", "health", 80, 30, "血压、血糖、心电图")]),
    "service_centre": (4, [("电动车电池检测保养", "service", 20, 40, "检测+接线端子清理")]),
    "community_centre": (3, [("理发一次", "service", 50, 30, "社区志愿理发师服务")]),
}
SUPERMARKET = [("洗衣液一瓶", 60, 100), ("大米5公斤", 120, 60), ("食用油一桶", 150, 40)]


def _at(model: type, pks: list[int], when: datetime) -> None:
    """Put demo rows back in time, so histories read like weeks of use."""
    model.objects.filter(pk__in=pks).update(created_at=when)  # type: ignore[attr-defined]


def _user(phone: str) -> User | None:
    try:
        return User.objects.get_by_natural_key(phone)
    except User.DoesNotExist:
        return None


def _items(ctx: DemoContext, rng: random.Random) -> list[ShopItem]:
    start, end = ctx.now - timedelta(days=30), ctx.now + timedelta(days=90)
    made: list[ShopItem] = []
    operator = _user(DEMO_OPERATOR)
    for kind, (count, offers) in OFFERS.items():
        qs = Station.objects.filter(kind=kind, status=StationStatus.OPEN).select_related("region")
        mine = list(qs.filter(operator=operator).order_by("id")) if operator else []
        others = list(qs.exclude(pk__in=[s.pk for s in mine]).order_by("id")[:200])
        chosen = mine + rng.sample(others, min(len(others), max(0, count - len(mine))))
        for station in chosen[:count]:
            for name, category, price, stock, text in offers:
                made.append(create_item(name=name, category=category, price=price, stock=stock,
                                        station=station, description=text, valid_from=start,
                                        valid_until=end))
    counties = list(Region.objects.filter(level="county").order_by("code")[:3])
    for county in counties:
        for name, price, stock in SUPERMARKET:
            made.append(create_item(
                name=name, category="supermarket", price=price, stock=stock, region=county,
                merchant_name=f"{county.name}爱心超市", valid_from=start, valid_until=end,
                description=f"在{county.name}任一驿站领取", per_user_limit=2))
    return made


def _demo_worker(ctx: DemoContext, items: list[ShopItem]) -> None:
    """The demo rider: back-entered paper points, station help, one used, one live code."""
    worker, staff = _user(DEMO_WORKER), _user(DEMO_COMMUNITY_STAFF)
    if worker is None or staff is None:
        return
    adj = adjust_points(actor=staff, subject=worker, amount=150,
                        reason="2025年线下志愿服务积分补录（社区纸质台账）")
    _at(LedgerEntry, [adj.entry_id], ctx.now - timedelta(days=45))
    operator = _user(DEMO_OPERATOR)
    helped = Station.objects.filter(operator=operator).order_by("id")[:2] if operator else []
    for i, station in enumerate(helped):
        e = award_points(user=worker, reason=Reason.STATION_HELP, source=station,
                         note=f"协助{station.name}整理防暑物资")
        _at(LedgerEntry, [e.pk], ctx.now - timedelta(days=20 - 7 * i))
    meal = next((i for i in items if i.category == "meal" and operator
                 and confirming_station(operator, i)), None)
    if meal is not None and operator is not None:
        r = redemptions.redeem(user=worker, item_id=meal.pk)
        redemptions.confirm(operator=operator, code=r.code)
        when = ctx.now - timedelta(days=6)
        _at(Redemption, [r.pk], when)
        Redemption.objects.filter(pk=r.pk).update(confirmed_at=when + timedelta(minutes=40))
        _at(LedgerEntry, list(LedgerEntry.objects.filter(source=source_key(r))
                              .values_list("pk", flat=True)), when)
    goods = next((i for i in items if i.category == "goods"), None)
    if goods is not None:
        redemptions.redeem(user=worker, item_id=goods.pk)  # a live code with its QR


def _others(ctx: DemoContext, rng: random.Random, items: list[ShopItem]) -> int:
    """Workers who earned points elsewhere (or had paper records) redeem near where they work."""
    staff = _user(DEMO_COUNTY_STAFF)
    demo_rider = _user(DEMO_WORKER)
    rich = list(PointsAccount.objects.filter(balance__gte=30, user__worker__isnull=False)
                .exclude(user=demo_rider).order_by("id").values_list("user_id", flat=True)[:60])
    if len(rich) < 40 and staff is not None:
        pool = list(Worker.objects.filter(subtree_q(f"{CITY}/{MUDAN}/", "work_region__path"))
                    .exclude(user_id__in=rich).exclude(user=demo_rider).order_by("id")
                    .values_list("user_id", flat=True)[:3000])
        for user_id in rng.sample(pool, min(len(pool), 40 - len(rich))):
            subject = User.objects.get(pk=user_id)
            adj = adjust_points(actor=staff, subject=subject, amount=rng.choice([60, 90, 120]),
                                reason="2025年线下志愿服务积分补录（县区汇总台账）")
            _at(LedgerEntry, [adj.entry_id], ctx.now - timedelta(days=rng.randint(20, 50)))
            rich.append(user_id)
    operator = _user(DEMO_OPERATOR)
    made = 0
    for user_id in rich:
        user = User.objects.get(pk=user_id)
        item = rng.choice(items)
        try:
            r = redemptions.redeem(user=user, item_id=item.pk)
        except DomainError:
            continue
        made += 1
        fate = rng.random()
        if operator is not None and fate < 0.6 and confirming_station(operator, item):
            redemptions.confirm(operator=operator, code=r.code)
        elif fate < 0.75:
            redemptions.cancel(actor=user, code=r.code)
        elif fate < 0.85:  # an old code nobody came for: the expiry run gives it back
            Redemption.objects.filter(pk=r.pk).update(expires_at=ctx.now - timedelta(hours=1))
        when = ctx.now - timedelta(days=rng.randint(0, 12), minutes=rng.randint(0, 600))
        _at(Redemption, [r.pk], when)
    redemptions.expire_due(now=ctx.now)
    return made


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("points")
    if not Region.objects.filter(code=CITY).exists():
        ctx.say("没有菏泽市区划，跳过积分")
        return
    admin = _user("13900000001")
    for reason, amount, daily, monthly in RULES:
        set_award_rule(city_code=CITY, reason=reason, amount=amount, daily_cap=daily,
                       monthly_cap=monthly, actor=admin)
    with ctx.progress("积分商城", 3, "步") as bar:
        items = _items(ctx, rng)
        bar.update(1)
        _demo_worker(ctx, items)
        bar.update(1)
        made = _others(ctx, rng, items)
        bar.update(1)
    held = Redemption.objects.filter(status=RedemptionStatus.HELD).count()
    ctx.shared["points_items"] = len(items)
    ctx.say(f"  积分商城：{len(items)}件商品，{made}次兑换（{held}个待核销）")
