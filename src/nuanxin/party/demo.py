"""Demo step: the seed page's party building, as records.

- 嘉园社区 (巨野县凤凰街道, from the seed page; not in the 2021 list) with its 8 grids;
- an organisation tree per county: 新就业群体行业党委 > street 党工委 > community 党组织,
  嘉园's 8 网格党小组, Yuncheng's four 睦邻互助 levels, and the city's 流动党员党委;
- 358 members checked in at 嘉园社区 after the visits to its 8 grids (they live there);
- since 2024 across the city: 289 applications, 175 activists, 61 new (probationary) members;
- a few declared members in Juye who have not checked in, and party-and-public activities in
  the last quarter for part of the city (so both coverages are partial, as they are);
- the demo login 巨野县行业党委 holds the role for 巨野县新就业群体行业党委.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

import shapely
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from shapely.geometry import Point, Polygon

from nuanxin.accounts.services import find_user_by_phone
from nuanxin.activities.models import Cadence, Category
from nuanxin.activities.services import ActivityDraft, publish_activity
from nuanxin.kernel.crypto import encrypt
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.party.models import (
    Basis,
    Candidate,
    CheckIn,
    CheckInStatus,
    Membership,
    Organisation,
    OrgKind,
    OrgRole,
    OrgRoleKind,
    Stage,
    Step,
)
from nuanxin.party.rules import encode_list, probation_ends
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.geo import offset
from nuanxin.regions.levels import Level
from nuanxin.regions.models import PATH_SEP, Region
from nuanxin.regions.paths import subtree_q
from nuanxin.regions.selectors import sample_point
from nuanxin.regions.services import apply_boundary, save_shapes

ORDER = 80
SEED_COMMUNITIES = Path(__file__).resolve().parents[1] / "regions" / "data" / "seed_communities.csv"
JIAYUAN = "371724001900"
JIAYUAN_GRIDS = 8
JUYE, YUNCHENG = "371724", "371725"
CHECKED_IN = 358
APPLICATIONS, ACTIVISTS, NEW_MEMBERS = 289, 175, 61
SINCE = date(2024, 1, 1)
DEMO_PARTY_LOGIN = "13900000007"
INDUSTRY_KINDS: list[str] = [WorkerKind.DELIVERY_RIDER, WorkerKind.COURIER]
MOBILE_KINDS: list[str] = [WorkerKind.RIDE_HAILING_DRIVER, WorkerKind.TRUCK_DRIVER]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯"


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("party")
    with transaction.atomic():
        jiayuan, grids = _jiayuan(rng)
        orgs = _organisations(rng, jiayuan, grids)
        _demo_login(orgs)
        _checked_in(ctx, rng, orgs, grids)
        _pipeline(ctx, rng, orgs)
    _activities(ctx, rng)


def _jiayuan(rng: random.Random) -> tuple[Region, list[Region]]:
    """嘉园社区 and its 8 grids, drawn inside 凤凰街道's boundary (marked 示意边界, as every
    generated community and grid is): a small area around a point inside the street,
    cut into eight sectors."""
    street = Region.objects.get(code="371724001")
    rows = list(csv.DictReader(SEED_COMMUNITIES.open(encoding="utf-8")))
    row = next(r for r in rows if r["code"] == JIAYUAN and r["parent_code"] == street.code)
    community, created = Region.objects.get_or_create(code=JIAYUAN, defaults={
        "name": row["name"], "level": Level.VILLAGE, "parent": street,
        "path": f"{street.path}{JIAYUAN}{PATH_SEP}"})
    for n in range(1, JIAYUAN_GRIDS + 1):
        code = f"{JIAYUAN}{n:03d}"
        Region.objects.get_or_create(code=code, defaults={
            "name": f"第{n}网格", "level": Level.GRID, "parent": community,
            "path": f"{community.path}{code}{PATH_SEP}"})
    grids = list(Region.objects.filter(parent=community).order_by("code"))
    if community.boundary and not created:
        return community, grids
    lng, lat = sample_point(street, rng)
    area = Point(lng, lat).buffer(0.004)
    if street.boundary:
        area = area.intersection(shapely.from_geojson(street.boundary))
    area = max(getattr(area, "geoms", [area]), key=lambda g: g.area)
    centre = area.representative_point()
    community.lng, community.lat = round(centre.x, 6), round(centre.y, 6)
    apply_boundary(community, area, generated=True)
    for n, grid in enumerate(grids):
        a0, a1 = 2 * math.pi * n / len(grids), 2 * math.pi * (n + 1) / len(grids)
        fan = Polygon([(centre.x, centre.y)] + [
            (centre.x + 0.02 * math.cos(a0 + (a1 - a0) * k / 8),
             centre.y + 0.02 * math.sin(a0 + (a1 - a0) * k / 8)) for k in range(9)])
        cell = fan.intersection(area)
        cell = max(getattr(cell, "geoms", [cell]), key=lambda g: g.area)
        inside = cell.representative_point()
        grid.lng, grid.lat = round(inside.x, 6), round(inside.y, 6)
        apply_boundary(grid, cell, generated=True)
    save_shapes([community, *grids], points=True)
    return community, grids


def _phone(rng: random.Random, area: str = "0530") -> str:
    return f"{area}-{rng.randrange(5000000, 8999999)}"


def _secretary(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice("建国志强丽华明红军玉兰秀英伟东")


def _org(rng: random.Random, *, name: str, kind: str, region: Region,
         parent: Organisation | None, kinds: list[str] | None = None, brand: str = "",
         address: str = "") -> Organisation:
    """Create one organisation and its path (the demo writes through the model like the
    other demo steps; the service adds the actor check these rows do not need)."""
    lng, lat = offset(region.lng or 115.47, region.lat or 35.23, metres=rng.uniform(20, 200),
                      bearing_deg=rng.uniform(0, 360))
    org = Organisation.objects.create(
        name=name, kind=kind, brand=brand, parent=parent, region=region, path=f"demo-{name}",
        secretary=_secretary(rng), contact_phone=_phone(rng),
        address=address or f"{region.name}党群服务中心", lng=round(lng, 6), lat=round(lat, 6),
        worker_kinds=encode_list(list(kinds or [])))
    org.path = f"{parent.path if parent else ''}{org.pk}/"
    org.save(update_fields=["path"])
    return org


def _organisations(rng: random.Random, jiayuan: Region, grids: list[Region]
                   ) -> dict[str, Organisation]:
    out: dict[str, Organisation] = {}
    city = Region.objects.get(level=Level.CITY)
    out["mobile"] = _org(rng, name="菏泽市新就业群体流动党员党委", kind=OrgKind.MOBILE,
                         region=city, parent=None, kinds=MOBILE_KINDS)
    for county in Region.objects.filter(level=Level.COUNTY).order_by("code"):
        top = _org(rng, name=f"{county.name}新就业群体行业党委", kind=OrgKind.INDUSTRY,
                   region=county, parent=None, kinds=INDUSTRY_KINDS,
                   address=f"{county.name}委社会工作部")
        out[county.code] = top
        streets = Region.objects.filter(parent=county, name__endswith="街道").order_by("code")
        for street in streets:
            brand = "睦邻互助" if county.code == YUNCHENG else ""
            committee = _org(rng, name=f"{street.name}党工委", kind=OrgKind.TOWNSHIP,
                             region=street, parent=top, brand=brand)
            out[street.code] = committee
            communities = Region.objects.filter(parent=street).filter(
                Q(name__endswith="社区") | Q(name__endswith="居委会")
                | Q(name__endswith="居民委员会")).order_by("code")
            for c in communities:
                short = c.name.removesuffix("居民委员会").removesuffix("居委会")
                brand_c = "我爱我JIA" if c.code == jiayuan.code else brand
                out[c.code] = _org(rng, name=f"{short}党委" if c.code == jiayuan.code
                                   else f"{short}党支部", kind=OrgKind.COMMUNITY, region=c,
                                   parent=committee, brand=brand_c)
    for g in grids:
        out[g.code] = _org(rng, name=f"嘉园社区{g.name}党小组", kind=OrgKind.GRID, region=g,
                           parent=out[jiayuan.code])
    _muling(rng, out)
    return out


def _muling(rng: random.Random, out: dict[str, Organisation]) -> None:
    """Yuncheng's 睦邻互助 four levels: the street committee > community > grid > household."""
    street_codes = [c for c in out if c.startswith(YUNCHENG) and len(c) == 9]
    for code in street_codes[:1]:
        community = next((out[c] for c in sorted(out) if c.startswith(code) and len(c) == 12),
                         None)
        if community is None:
            continue
        for grid in Region.objects.filter(parent=community.region).order_by("code")[:2]:
            g = _org(rng, name=f"{community.name.removesuffix('党支部')}{grid.name}党组织",
                     kind=OrgKind.GRID, region=grid, parent=community, brand="睦邻互助")
            for n in (1, 2):
                _org(rng, name=f"{grid.name}{n}号楼党员中心户", kind=OrgKind.HOUSEHOLD,
                     region=grid, parent=g, brand="睦邻互助")


def _demo_login(orgs: dict[str, Organisation]) -> None:
    user = find_user_by_phone(DEMO_PARTY_LOGIN)
    if user is not None:
        OrgRole.objects.get_or_create(user=user, organisation=orgs[JUYE],
                                      defaults={"role": OrgRoleKind.SECRETARY})


def _aware(d: date, rng: random.Random) -> datetime:
    return datetime.combine(d, time(rng.randrange(8, 19), rng.randrange(60)),
                            tzinfo=timezone.get_current_timezone())


def _membership(rng: random.Random, user_id: int, home: Region | None, today: date
                ) -> Membership:
    village = rng.choice(["城关", "田庄", "核桃园", "董官屯", "万丰", "大谢集", "龙固", "独山"])
    joined = date(1995, 1, 1) + timedelta(days=rng.randrange((today - date(1995, 1, 1)).days - 400))
    return Membership(user_id=user_id, record_org_cipher=encrypt(f"巨野县{village}镇某村党支部"),
                      joined_on_cipher=encrypt(joined.isoformat()),
                      is_mobile=rng.random() < 0.35, home_region=home)


def _checked_in(ctx: DemoContext, rng: random.Random, orgs: dict[str, Organisation],
                grids: list[Region]) -> None:
    """358 members living in 嘉园's 8 grids checked in and were confirmed; a few more are
    pending, and some declared members in Juye have not checked in yet."""
    today = ctx.now.date()
    juye = Region.objects.get(code=JUYE)
    pool = list(Worker.objects.filter(subtree_q(juye.path, "work_region__path"))
                .order_by("id").values_list("user_id", flat=True))
    chosen = rng.sample(pool, min(len(pool), CHECKED_IN + 30))
    confirmed, pending, undeclared = chosen[:CHECKED_IN], chosen[CHECKED_IN:CHECKED_IN + 6], \
        chosen[CHECKED_IN + 6:]
    decider = find_user_by_phone(DEMO_PARTY_LOGIN)
    org = orgs[JIAYUAN]
    members, checkins = [], []
    with ctx.progress("党员报到", len(chosen), "名") as bar:
        for uid in confirmed + pending + undeclared:
            home = grids[rng.randrange(len(grids))] if uid not in undeclared else None
            members.append(_membership(rng, uid, home, today))
        Membership.objects.bulk_create(members, batch_size=500)
        stamps = []
        for uid in confirmed + pending:
            is_pending = uid in pending
            day = (today - timedelta(days=rng.randrange(1, 5)) if is_pending else
                   SINCE + timedelta(days=rng.randrange((today - SINCE).days - 10)))
            at = _aware(day, rng)
            stamps.append(at)
            checkins.append(CheckIn(
                user_id=uid, organisation=org, basis=Basis.LIVE,
                status=CheckInStatus.PENDING if is_pending else CheckInStatus.CONFIRMED,
                decided_at=None if is_pending else at + timedelta(days=rng.randrange(1, 4)),
                decided_by=None if is_pending else decider))
        CheckIn.objects.bulk_create(checkins, batch_size=500)
        for c, at in zip(checkins, stamps, strict=True):
            c.created_at = at
        CheckIn.objects.bulk_update(checkins, ["created_at"], batch_size=500)
        bar.update(len(chosen))
    ctx.shared["party_checked_in"] = len(confirmed)


def _pipeline(ctx: DemoContext, rng: random.Random, orgs: dict[str, Organisation]) -> None:
    """Since 2024: 289 applications, 175 of them activists, 61 of those new members."""
    today = ctx.now.date()
    taken = set(Membership.objects.values_list("user_id", flat=True))
    workers = [w for w in Worker.objects.select_related("work_region").order_by("id")
               .only("user_id", "work_region__path")[:20000] if w.user_id not in taken]
    chosen = rng.sample(workers, min(APPLICATIONS, len(workers)))  # a scaled-down demo has fewer
    latest = today - timedelta(days=200)
    applied = sorted((SINCE + timedelta(days=rng.randrange((latest - SINCE).days)), w.user_id,
                      w.work_region.path.split("/")[1]) for w in chosen)
    recorder = find_user_by_phone(DEMO_PARTY_LOGIN)
    candidates, steps = [], []
    for i, (on, uid, county) in enumerate(applied):
        org = orgs[county]
        dates = [(Stage.APPLICATION, on, "")]
        if i < ACTIVISTS:
            dates.append((Stage.ACTIVIST, on + timedelta(days=rng.randrange(30, 60)),
                          _people(rng)))
        if i < NEW_MEMBERS:
            d = dates[-1][1] + timedelta(days=rng.randrange(60, 90))
            dates.append((Stage.CANDIDATE, d, _people(rng)))
            dates.append((Stage.PROBATIONARY, d + timedelta(days=rng.randrange(20, 40)),
                          _people(rng)))
            full = probation_ends(dates[-1][1]) + timedelta(days=rng.randrange(0, 20))
            if full <= today:
                dates.append((Stage.FULL, full, ""))
        last_stage, last_on, _ = dates[-1]
        candidates.append(Candidate(user_id=uid, organisation=org, stage=last_stage,
                                    stage_on=last_on))
        steps.append([(s, d, p, org) for s, d, p in dates])
    Candidate.objects.bulk_create(candidates, batch_size=500)
    Step.objects.bulk_create([Step(candidate=c, stage=s, on=d, organisation=o, people=p,
                                   recorded_by=recorder)
                              for c, rows in zip(candidates, steps, strict=True)
                              for s, d, p, o in rows], batch_size=1000)


def _people(rng: random.Random) -> str:
    return "、".join(rng.choice(SURNAMES) + rng.choice("建国志强丽华明红军") for _ in range(2))


def _activities(ctx: DemoContext, rng: random.Random) -> None:
    """党群活动 in the last quarter in seven of the eleven counties, for riders and couriers."""
    admin = find_user_by_phone("13900000001")
    if admin is None:
        return
    counties = list(Region.objects.filter(level=Level.COUNTY).order_by("code"))[:7]
    for county in counties:
        start = ctx.now - timedelta(days=rng.randrange(10, 80), hours=rng.randrange(6))
        publish_activity(actor=admin, draft=ActivityDraft(
            title=f"{county.name}“党员回家”党群活动", category=Category.PARTY_PUBLIC,
            cadence=Cadence.MONTHLY, region_code=county.code, starts_at=start,
            ends_at=start + timedelta(hours=2), signup_opens_at=start - timedelta(days=7),
            signup_closes_at=start - timedelta(hours=1), capacity=50,
            worker_kinds=list(INDUSTRY_KINDS), address=f"{county.name}新就业群体党群服务中心",
            lng=county.lng, lat=county.lat, organiser=f"{county.name}新就业群体行业党委",
            points=0))
