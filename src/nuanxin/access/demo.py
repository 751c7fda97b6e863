"""Demo step: 东安社区 opts in (rules, map, a gate login), the demo rider 外卖小哥小董 is
verified and holds a pass, and Shan county (单县) has 8 access bikes at 4 parking points,
as the source page says, with a few weeks of trips."""

from __future__ import annotations

import io
from datetime import time, timedelta

from PIL import Image, ImageDraw

from nuanxin.access import bike_services, keys, services
from nuanxin.access.models import Community, MapFeature
from nuanxin.accounts.models import User
from nuanxin.accounts.services import find_user_by_phone
from nuanxin.kernel.crypto import encrypt
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.kernel.errors import DomainError
from nuanxin.people.models import Worker
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q

ORDER = 80
DONGAN = "371702001001"
SHAN_COUNTY = "371722"
ADMIN_PHONE, RIDER_PHONE = "13900000001", "13900000008"
# name, kind, metres east, metres north of the community's point
DONGAN_MAP = [
    ("1号楼（1—3单元）", MapFeature.Kind.BUILDING, -60, 40), ("2号楼（1—2单元）", MapFeature.Kind.BUILDING, 0, 45),
    ("3号楼（1—4单元）", MapFeature.Kind.BUILDING, 60, 40), ("南门（主门岗）", MapFeature.Kind.GATE, 0, -70),
    ("东门（人行）", MapFeature.Kind.GATE, 95, 0), ("南门外电动车停放区", MapFeature.Kind.EBIKE_PARKING, 20, -85),
    ("快递专用柜（南门内）", MapFeature.Kind.PARCEL_SHELF, -20, -55),
]


def face(seed: int) -> bytes:
    """A plain drawn portrait (no real person's photo in the demo)."""
    img = Image.new("RGB", (240, 300), (220 - seed % 40, 230, 240))
    d = ImageDraw.Draw(img)
    d.ellipse((70, 50, 170, 160), fill=(240, 200, 170))
    d.rectangle((50, 180, 190, 300), fill=(255, 200, 0))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _offset(region: Region, east_m: float, north_m: float) -> tuple[float, float]:
    import math

    lng, lat = region.lng or 0.0, region.lat or 0.0
    return (lng + east_m / (111_320 * math.cos(math.radians(lat))), lat + north_m / 110_540)


def build(ctx: DemoContext) -> None:
    keys.rotate_keys(now=ctx.now)
    admin = find_user_by_phone(ADMIN_PHONE)
    if admin is None:
        ctx.say("小区通行：没有演示管理员账号，跳过")
        return
    _dongan(ctx, admin)
    _shan(ctx, admin)


def _dongan(ctx: DemoContext, admin: User) -> None:
    region = Region.objects.filter(code=DONGAN).first()
    if region is None or Community.objects.filter(region=region).exists():
        return
    community = services.set_community_rules(user=admin, region_code=DONGAN, rules=services.Rules(
        open_from=time(6, 0), open_until=time(23, 0),
        ebike_rule="电动车不进小区，停南门外停放区；步行或借畅行自行车送达",
        parking_note="南门外电动车停放区（有充电桩）", bike_minutes=45))
    for name, kind, east, north in DONGAN_MAP:
        lng, lat = _offset(region, east, north)
        MapFeature.objects.create(community=community, kind=kind, name=name, lng=lng, lat=lat)
    point = bike_services.add_point(user=admin, community=community, name="南门停放点",
                                    **dict(zip(("lng", "lat"), _offset(region, 10, -75), strict=True)))
    for n in ("DA-01", "DA-02"):
        bike_services.add_bike(user=admin, community=community, number=n, point=point)
    rider = find_user_by_phone(RIDER_PHONE)
    if rider is not None:
        Worker.objects.filter(user=rider).update(
            real_name_cipher=encrypt("董小明"), real_name_verified=True, verified_at=ctx.now)
        services.issue_pass(user=rider, photo=face(8), now=ctx.now)


def _shan(ctx: DemoContext, admin: User) -> None:
    """8 bikes at 4 points in the first Shan county community (by code), and past trips."""
    county = Region.objects.filter(code=SHAN_COUNTY).first()
    if county is None:
        return
    region = (Region.objects.filter(subtree_q(county.path), level=Level.VILLAGE,
                                    lng__isnull=False).order_by("code").first())
    if region is None or Community.objects.filter(region=region).exists():
        return
    community = services.set_community_rules(user=admin, region_code=region.code,
                                             rules=services.Rules(
        open_from=time(7, 0), open_until=time(22, 0), ebike_rule="电动车禁止入内",
        parking_note="各出入口外的畅行自行车停放点", bike_minutes=60))
    points = []
    for i, (east, north) in enumerate([(-120, 0), (120, 0), (0, 120), (0, -120)], start=1):
        lng, lat = _offset(region, east, north)
        points.append(bike_services.add_point(user=admin, community=community,
                                              name=f"{i}号停放点", lng=lng, lat=lat))
    bikes = [bike_services.add_bike(user=admin, community=community, number=f"SX-{i:03d}",
                                    point=points[(i - 1) // 2]) for i in range(1, 9)]
    riders = list(Worker.objects.filter(subtree_q(county.path, "work_region__path"),
                                        real_name_verified=True).order_by("id")
                  .values_list("user_id", flat=True)[:6])
    rng = ctx.rng("access-trips")
    users = {u.pk: u for u in User.objects.filter(pk__in=riders)}
    for day in range(20, 0, -1):
        if not users:
            break
        start = ctx.now - timedelta(days=day, hours=rng.randrange(0, 8))
        bike = rng.choice(bikes)
        rider = users[rng.choice(riders)]
        try:
            bike_services.sign_out(user=rider, bike_code=bike.code, now=start)
            minutes = rng.choice([15, 25, 40, 50, 75])  # some come back late
            bike_services.return_bike(user=rider, point_code=rng.choice(points).code,
                                      now=start + timedelta(minutes=minutes))
        except DomainError:
            continue
    if users:
        bike_services.report_damage(user=next(iter(users.values())), bike_code=bikes[-1].code,
                                    note="后轮辐条断了两根", photo=face(3), now=ctx.now)
