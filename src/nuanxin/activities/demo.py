"""Demo step: a year of Heze care activities on the cadence, with sign-ups and attendance.

Nine months back and three ahead. Past activities have their sign-ups and attendance,
and every attendance is paid through the points ledger (`award_points`), so balances
come from records. The demo rider (13900000008) has a history and live seats.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from nuanxin.accounts.models import User
from nuanxin.activities.demo_plan import (
    CAMP,
    DAILY,
    DEFAULT_THEME,
    FLAGSHIP,
    MONTHLY,
    SEASONAL,
    THEMES,
    Spec,
)
from nuanxin.activities.models import Activity, CarePlan, Signup, SignupStatus
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.notifications.services import notify
from nuanxin.people.models import Worker
from nuanxin.points.models import LedgerEntry, Reason
from nuanxin.points.services import award_points, source_key
from nuanxin.regions.models import Region
from nuanxin.regions.paths import codes_of, subtree_q
from nuanxin.stations.models import Station

ORDER = 50
TZ = ZoneInfo("Asia/Shanghai")
DEMO_WORKER = "13900000008"
DEMO_TOWNSHIP = "371702001"  # 东城街道: where the demo staff logins work
ORGANISERS = {"371702": "牡丹区委社会工作部", "371703": "定陶区委社会工作部"}


@dataclass
class Place:
    station_id: int | None
    name: str
    address: str
    lng: float
    lat: float
    path: str


def _months(start: date, n: int) -> list[date]:
    out, y, m = [], start.year, start.month
    for _ in range(n):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _places(counties: list[Region]) -> dict[tuple[str, str], list[Place]]:
    """Stations by (county code, kind), from the stations step."""
    by: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for sid, name, address, kind, path, lng, lat in Station.objects.order_by("id").values_list(
            "id", "name", "address", "kind", "region__path", "lng", "lat"):
        codes = codes_of(path)
        if len(codes) > 1:
            by[(codes[1], kind)].append(Place(sid, name, address, lng, lat, path))
    return by


def _place_for(spec: Spec, county: Region, places: dict[tuple[str, str], list[Place]],
               rng: random.Random, within: str = "") -> Place:
    for kind in spec.station_kinds:
        options = [p for p in places.get((county.code, kind), []) if p.path.startswith(within)]
        if options:
            return rng.choice(options)
    if within:  # any station inside the activity's region: its venue lies inside it
        inside = sorted((p for (c, _), ps in places.items() if c == county.code for p in ps
                         if p.path.startswith(within)), key=lambda p: p.station_id or 0)
        if inside:
            return rng.choice(inside)
    name = f"{county.name}党群服务中心"
    return Place(None, name, name, county.lng or 115.48, county.lat or 35.23, county.path)


def _activity(spec: Spec, region: Region, place: Place, day: date, rng: random.Random,
              plans: dict[int, CarePlan], title: str | None = None) -> Activity:
    start = datetime.combine(day, time(spec.hours[0], 0), tzinfo=TZ)
    end = start + timedelta(days=spec.days, hours=spec.hours[1])
    lead = timedelta(days=3) if spec.cadence == "daily" else timedelta(days=14)
    closes = start - (timedelta(hours=12) if spec.cadence == "daily" else timedelta(days=1))
    return Activity(
        plan=plans.get(day.year), cadence=spec.cadence, category=spec.category,
        title=title or f"{spec.title}（{region.name}）", description=spec.description,
        region=region, worker_kinds=f",{','.join(spec.kinds)}," if spec.kinds else "",
        station_id=place.station_id, address=place.address or place.name, lng=place.lng, lat=place.lat,
        starts_at=start, ends_at=end, signup_opens_at=start - lead, signup_closes_at=closes,
        capacity=rng.randint(*spec.capacity), waitlist_size=spec.waitlist,
        for_children=spec.for_children, child_min_age=spec.ages[0] if spec.ages else None,
        child_max_age=spec.ages[1] if spec.ages else None,
        organiser=ORGANISERS.get(region.code[:6], "菏泽市委社会工作部"),
        checkin_code=f"{rng.getrandbits(72):018x}")


def _plan_year(ctx: DemoContext, rng: random.Random) -> list[Activity]:
    city = Region.objects.get(code="371700")
    counties = list(Region.objects.filter(level="county").order_by("code"))
    dongcheng = Region.objects.filter(code=DEMO_TOWNSHIP).first()
    places = _places(counties)
    today = ctx.now.astimezone(TZ).date()
    first = (today.replace(day=1) - timedelta(days=270)).replace(day=1)
    months = _months(first, 12)
    plans = {}
    for year in sorted({m.year for m in months}):
        plans[year], _ = CarePlan.objects.get_or_create(
            year=year, region=city, defaults={"theme": THEMES.get(year, DEFAULT_THEME),
                                              "description": "年年有主线、季季有项目、月月有服务、天天有关怀"})
    made: list[Activity] = []
    for mi, month in enumerate(months):
        last = calendar.monthrange(month.year, month.month)[1]
        for ci, county in enumerate(counties):
            # One service a month in every county; 牡丹区 adds one for the demo township.
            for k in ((0, 1) if county.code == "371702" else (0,)):
                spec = MONTHLY[(mi + ci + k * 2) % len(MONTHLY)]
                day = month.replace(day=rng.randint(3, last - 3))
                region = county
                if county.code == "371702" and k == 1 and dongcheng is not None:
                    region = dongcheng  # the demo township's own monthly service
                place = _place_for(spec, county, places, rng, within=region.path)
                made.append(_activity(spec, region, place, day, rng, plans))
            for spec in SEASONAL.get(month.month, []):
                day = month.replace(day=rng.randint(5, last - 5))
                made.append(_activity(spec, county, _place_for(spec, county, places, rng),
                                      day, rng, plans))
        if month.month in (7, 8):
            host = counties[0] if month.month == 7 else counties[2 % len(counties)]
            made.append(_activity(CAMP, city, _place_for(CAMP, host, places, rng),
                                  month.replace(day=15), rng, plans,
                                  title=f"{CAMP.title}（{month.month}月营）"))
        for fm, title in FLAGSHIP:
            if month.month == fm:
                made.append(_activity(Spec("theme", "yearly", title, ("community_centre",),
                                           (150, 200), (15, 3), waitlist=30), city,
                                      _place_for(CAMP, counties[0], places, rng),
                                      month.replace(day=18), rng, plans, title=title))
        for d in range(last):
            county = counties[(mi * 31 + d) % len(counties)]
            made.append(_activity(DAILY, county, _place_for(DAILY, county, places, rng),
                                  month.replace(day=d + 1), rng, plans))
    return made


def _pools(rng: random.Random) -> dict[str, list[tuple[int, str, str]]]:
    """A few hundred regulars per county: (user id, kind, work region path)."""
    by: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for uid, kind, path in Worker.objects.values_list("user_id", "kind", "work_region__path"):
        codes = codes_of(path)
        if len(codes) > 1:
            by[codes[1]].append((uid, kind, path))
    return {c: rng.sample(rows, min(len(rows), 250)) for c, rows in by.items()}


def _signups(ctx: DemoContext, rng: random.Random, activities: list[Activity],
             pools: dict[str, list[tuple[int, str, str]]]) -> list[Signup]:
    rows: list[Signup] = []
    for a in activities:
        past = a.ends_at <= ctx.now
        if not past and a.signup_opens_at > ctx.now:
            continue
        codes = codes_of(a.region.path)
        county = codes[1] if len(codes) > 1 else ""
        pool = pools.get(county) or [x for rows_ in pools.values() for x in rows_[:40]]
        kinds = a.kinds
        fit = [p for p in pool if (not kinds or p[1] in kinds) and p[2].startswith(a.region.path)]
        share = rng.uniform(0.03, 0.12) if a.cadence == "daily" else rng.uniform(0.1, 0.25)
        if not past:
            share *= 0.5
        chosen = rng.sample(fit, min(len(fit), int(a.capacity * share)))
        for uid, _, _ in chosen:
            s = Signup(activity=a, user_id=uid, status=SignupStatus.ATTENDING)
            if a.for_children:
                age = rng.randint(6, 14)
                s.child_name = rng.choice("子浩梓涵欣怡宇轩一诺") + rng.choice("宝乐乐琪")
                s.child_birth_date = a.starts_at.date() - timedelta(days=age * 365 + 40)
            s.created_at = a.signup_opens_at + timedelta(hours=rng.uniform(1, 200))
            s.created_at = min(s.created_at, a.signup_closes_at - timedelta(minutes=5))
            if past and rng.random() < 0.8:
                s.attended_at = a.starts_at + timedelta(minutes=rng.randint(-20, 40))
            rows.append(s)
    return rows


def _award(ctx: DemoContext, signups: list[Signup]) -> int:
    """Pay each attendance through the ledger, then date the entry at the activity."""
    attended = [s for s in signups if s.attended_at is not None]
    users = User.objects.in_bulk({s.user_id for s in attended})
    by_activity: dict[int, list[str]] = defaultdict(list)
    ends: dict[int, datetime] = {}
    with ctx.progress("活动签到积分", len(attended), "人次") as bar, transaction.atomic():
        for s in attended:
            award_points(user=users[s.user_id], reason=Reason.ACTIVITY_ATTENDED, source=s,
                         note=s.activity.title[:100])
            by_activity[s.activity_id].append(source_key(s))
            ends[s.activity_id] = s.activity.ends_at
            bar.update(1)
        for activity_id, keys in by_activity.items():  # one UPDATE per activity
            LedgerEntry.objects.filter(reason=Reason.ACTIVITY_ATTENDED, source__in=keys).update(
                created_at=ends[activity_id])
    return len(attended)


def _demo_worker(ctx: DemoContext, activities: list[Activity]) -> None:
    """The demo rider: attended a few, holds a seat, waits in one queue, can join another."""
    try:
        rider = User.objects.get_by_natural_key(DEMO_WORKER)
    except User.DoesNotExist:
        return
    near = [a for a in activities if a.region.path.startswith("371700/371702/")
            and (not a.kinds or "delivery_rider" in a.kinds)]
    past = [a for a in near if a.ends_at <= ctx.now and not a.for_children][-6:]
    taken = set(Signup.objects.filter(user=rider).values_list("activity_id", flat=True))
    rows = []
    for i, a in enumerate(past):
        if a.pk in taken:
            continue
        rows.append(Signup(activity=a, user=rider, status=SignupStatus.ATTENDING,
                           attended_at=a.starts_at + timedelta(minutes=5) if i < 5 else None))
    Signup.objects.bulk_create(rows)
    for s in rows:
        s.activity = next(a for a in past if a.pk == s.activity_id)
    _award(ctx, rows)
    soon = [a for a in near if a.signup_opens_at <= ctx.now < a.signup_closes_at
            and a.cadence != "daily" and a.pk not in taken]
    if soon:
        a = soon[0]
        Signup.objects.create(activity=a, user=rider, status=SignupStatus.ATTENDING)
        notify(rider, f"报名成功：{a.title}", f"{a.starts_at.astimezone(TZ):%m月%d日 %H:%M}，"
               f"{a.place_name}。请准时参加。", url=f"/activities/{a.pk}/")
    if len(soon) > 1:
        _full_with_queue(soon[1], rider)


def _full_with_queue(a: Activity, rider: User) -> None:
    """One popular activity is full: the rider waits second in its queue."""
    workers = Worker.objects.filter(subtree_q(a.region.path, "work_region__path"))
    if a.kinds:
        workers = workers.filter(kind__in=a.kinds)
    others = list(workers.exclude(user=rider).exclude(user__activity_signups__activity=a)
                  .order_by("id").values_list("user_id", flat=True)[:a.capacity + 1])
    have = Signup.objects.filter(activity=a, status=SignupStatus.ATTENDING).count()
    rows = [Signup(activity=a, user_id=u, status=SignupStatus.ATTENDING)
            for u in others[:max(0, a.capacity - have)]]
    rows += [Signup(activity=a, user_id=u, status=SignupStatus.WAITLISTED)
             for u in others[len(rows):len(rows) + 1]]
    Signup.objects.bulk_create(rows)
    Signup.objects.create(activity=a, user=rider, status=SignupStatus.WAITLISTED)
    notify(rider, f"已进入候补：{a.title}", "您是候补第2位，有人取消时将按顺序自动转为正式报名。",
           url=f"/activities/{a.pk}/")


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("activities")
    with transaction.atomic():
        activities = _plan_year(ctx, rng)
        with ctx.progress("关爱活动", len(activities), "场") as bar:
            Activity.objects.bulk_create(activities, batch_size=1000)
            bar.update(len(activities))
        regions = Region.objects.in_bulk({a.region_id for a in activities})
        for a in activities:
            a.region = regions[a.region_id]
        signups = _signups(ctx, rng, activities, _pools(rng))
        stamps = [s.created_at for s in signups]
        Signup.objects.bulk_create(signups, batch_size=2000)
        for s, stamp in zip(signups, stamps, strict=True):
            s.created_at = stamp
        Signup.objects.bulk_update(signups, ["created_at"], batch_size=1000)
    paid = _award(ctx, signups)
    _demo_worker(ctx, activities)
    ctx.shared["activities"] = len(activities)
    ctx.shared["activity_attendance"] = paid
