"""Demo step: Heze's station figures as records over the real townships and villages.

465 warm stations, 2,213 service centres, 77 rider canteens, 85 rider pharmacies,
82 friendly places, 61 community centres (plus a few union stations and the Cao county
live-streaming base); the demo operator (13900000006) runs four in 东城街道.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from nuanxin.accounts.models import User
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import sample_point
from nuanxin.stations import catalogue, hours_text
from nuanxin.stations.hours import TZ
from nuanxin.stations.models import (
    Station,
    StationDailyVisits,
    StationService,
    StationStatus,
)
from nuanxin.stations.services import bump_version
from nuanxin.stations.text import search_text

ORDER = 40
OPERATOR_PHONE = "13900000006"
OPERATOR_TOWNSHIP = "371702001"

FIGURES = [  # (kind, count)
    ("warm_station", 465), ("service_centre", 2213), ("rider_canteen", 77),
    ("rider_pharmacy", 85), ("friendly_place", 82), ("community_centre", 61),
    ("union_station", 12), ("training_base", 3),
]
HOURS = {
    "warm_station": [("每天 08:00-20:00", 6), ("24小时", 2), ("每天 07:00-22:00", 2),
                     ("每天 18:00-06:00", 1)],
    "service_centre": [("每天 09:00-18:00", 5), ("每天 08:00-20:00", 3), ("24小时", 1)],
    "rider_canteen": [("每天 10:30-13:30,17:00-20:30", 1)],
    "rider_pharmacy": [("每天 08:00-21:00", 4), ("24小时", 1)],
    "friendly_place": [("每天 09:00-21:00", 1)],
    "community_centre": [("周一至周五 08:30-12:00,14:00-17:30；周六 09:00-12:00", 1)],
    "union_station": [("周一至周五 08:30-17:30", 1)],
    "training_base": [("每天 09:00-22:00", 1)],
}
SERVICES: dict[str, tuple[list[str], list[str]]] = {  # kind: (always, sometimes)
    "warm_station": (["water", "hot_water", "meal_heating", "toilet", "rest", "phone_charging",
                      "first_aid"], ["wifi", "umbrella", "air_conditioning", "ebike_charging",
                                     "reading"]),
    "service_centre": (["rest", "water", "phone_charging"], [
        "battery_repair", "ebike_charging", "battery_swap", "toilet", "hot_water", "first_aid"]),
    "rider_canteen": (["discount_meal", "water", "rest", "meal_heating"], [
        "toilet", "air_conditioning", "phone_charging", "wifi"]),
    "rider_pharmacy": (["first_aid", "health_check", "water"], ["rest", "toilet",
                                                               "phone_charging"]),
    "friendly_place": (["water", "rest"], ["toilet", "phone_charging", "wifi", "umbrella"]),
    "community_centre": (["elder_care", "child_care", "discount_meal", "health_check", "reading",
                          "toilet", "water", "rest"], ["wifi", "air_conditioning",
                                                      "training"]),
    "union_station": (["water", "hot_water", "rest", "toilet", "phone_charging"], [
        "meal_heating", "first_aid", "reading"]),
    "training_base": (["training", "child_care", "wifi", "water", "toilet", "rest"], []),
}
DETAILS = {"discount_meal": ["套餐12元", "两荤一素15元", "骑手九折"], "health_check": ["体检八折",
           "免费测血压血糖"], "ebike_charging": ["1元/小时", "0.8元/度"], "battery_swap": [
           "3元/次"], "battery_repair": ["免费检测"]}
PARTNERS = ["国网", "中国邮政", "中国石化", "中国石油", "中国移动", "中国联通", "中国电信",
            "农商银行", "中国铁塔"]
PHARMACIES = ["漱玉平民大药房", "立健药店", "老百姓大药房", "国药控股"]
ROADS = ["中华路", "人民路", "长江路", "黄河路", "和平路", "牡丹路", "丹阳路", "青年路",
         "解放大街", "八一路", "双河路", "广州路", "重庆路", "昆明路", "桂陵路"]


def _short(name: str) -> str:
    for village in ("村民委员会", "村委会"):
        if name.endswith(village):
            base = name[: -len(village)]
            return base if base.endswith("村") else base + "村"
    for suffix in ("居民委员会", "居委会", "委员会"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _name(kind: str, village: Region, town: Region, rng: random.Random, n: int) -> str:
    v, t = _short(village.name), town.name
    if kind == "warm_station":
        return f"{v}暖“新”驿站"
    if kind == "service_centre":
        return f"{rng.choice(PARTNERS)}{v}惠民服务站"
    if kind == "rider_canteen":
        return f"{t}小哥食堂（{rng.choice(ROADS)}店）"
    if kind == "rider_pharmacy":
        return f"{rng.choice(PHARMACIES)}{v}店·小哥药堂"
    if kind == "friendly_place":
        return rng.choice([f"{v}友好社区", f"{rng.choice(ROADS)}友好商圈", f"{t}友好场景"])
    if kind == "community_centre":
        return f"{v}党群服务中心"
    if kind == "union_station":
        return f"{t}工会驿站"
    return ["曹县直播电商创业基地（含儿童托管）", "菏泽新就业群体技能培训基地",
            f"{t}返乡创业孵化基地"][n % 3]


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("stations")
    villages = list(Region.objects.filter(level=Level.VILLAGE, lng__isnull=False)
                    .order_by("code"))
    if not villages:
        ctx.say("没有村(社区)坐标，跳过站点")
        return
    towns = {r.code: r for r in Region.objects.filter(level=Level.TOWNSHIP)}
    urban = [v for v in villages if v.name.endswith(("社区居委会", "居委会", "社区居民委员会"))]
    dongcheng = [v for v in villages if v.code.startswith(OPERATOR_TOWNSHIP)]
    try:
        operator: User | None = User.objects.get_by_natural_key(OPERATOR_PHONE)
    except User.DoesNotExist:
        operator = None
    hours_cache = {text: hours_text.parse(text) for opts in HOURS.values() for text, _ in opts}
    stations: list[Station] = []
    wanted: list[dict[str, str]] = []
    total = sum(n for _, n in FIGURES)
    with ctx.progress("站点", total, "个") as bar:
        for kind, count in FIGURES:
            for n in range(count):
                pool = urban if kind in ("community_centre", "rider_canteen") and urban else \
                    villages
                village = rng.choice(dongcheng) if kind == "warm_station" and n < 6 and \
                    dongcheng else rng.choice(pool)
                mine = operator is not None and dongcheng and (
                    (kind == "warm_station" and n < 3) or (kind == "rider_canteen" and n == 0))
                if mine:
                    village = rng.choice(dongcheng)
                if kind == "training_base" and n == 0:
                    village = next((v for v in villages if v.code.startswith("371721")), village)
                town = towns.get(village.code[:9], village)
                name = _name(kind, village, town, rng, n)
                lng, lat = sample_point(village, rng, near_m=700)
                always, sometimes = SERVICES[kind]
                chosen = always + [c for c in sometimes if rng.random() < 0.4]
                details = {c: rng.choice(DETAILS[c]) if c in DETAILS and rng.random() < 0.7
                           else "" for c in chosen}
                hours = dict(hours_cache[_weighted(rng, HOURS[kind])])
                if rng.random() < 0.02:
                    day = (ctx.now.astimezone(TZ).date() + timedelta(days=rng.randint(0, 6)))
                    hours = hours | {"exceptions": [{"date": day.isoformat(), "closed": True,
                                                     "note": "设备检修"}]}
                address = f"{town.name}{rng.choice(ROADS)}{rng.randint(1, 399)}号"
                st = Station(name=name, kind=kind, address=address, region=village,
                             lng=round(lng, 7), lat=round(lat, 7),
                             phone=f"0530-{rng.randint(5000000, 8999999)}", hours=hours,
                             service_mask=catalogue.mask_of(chosen),
                             search_text=search_text(name, address))
                if rng.random() < 0.01:
                    st.status = StationStatus.TEMP_CLOSED
                    st.closed_reason = rng.choice(["内部装修", "设备检修", "人员培训"])
                    st.closed_until = ctx.now + timedelta(days=rng.randint(1, 10))
                if mine:
                    st.operator = operator
                stations.append(st)
                wanted.append(details)
                bar.update(1)
    Station.objects.bulk_create(stations, batch_size=2000)
    rows = [StationService(station=s, service=c, details=d)
            for s, det in zip(stations, wanted, strict=True) for c, d in det.items()]
    StationService.objects.bulk_create(rows, batch_size=5000)
    _visits(ctx, [s for s in stations if s.kind in ("warm_station", "rider_canteen")])
    bump_version()
    ctx.shared["stations"] = len(stations)


def _visits(ctx: DemoContext, stations: list[Station]) -> None:
    """Thirty days of scan counts, so the 'service visits' figures have history."""
    rng = ctx.rng("station-visits")
    today = ctx.now.astimezone(TZ).date()
    rows: list[Any] = []
    for s in stations:
        base = rng.randint(3, 40)
        for d in range(30):
            rows.append(StationDailyVisits(station=s, day=today - timedelta(days=d),
                                           count=max(0, base + rng.randint(-5, 8))))
    StationDailyVisits.objects.bulk_create(rows, batch_size=5000)
