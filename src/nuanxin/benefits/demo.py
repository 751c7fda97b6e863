"""Demo step: the care insurance (呵护新保) and the discount programmes, as records.

呵护新保 insured 451 workers for free with 40.41 million yuan of cover in total: a
Cao county pilot (18 people at 80,000 yuan) and the city-wide batch (433 people at
90,000 yuan): 18 × 8万 + 433 × 9万 = 4041万. The figures page counts these rows.
With a small demo population the same rules give smaller, still counted, numbers.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from nuanxin.benefits.models import Application, ApplicationStatus, BenefitUse, Programme
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region
from nuanxin.stations.models import Station

ORDER = 50  # with activities (sorted by name: activities first)
PILOT = (18, Decimal("80000"))
CITY_BATCH = (433, Decimal("90000"))
DEMO_TOWNSHIP_PATH = "371700/371702/371702001/"
INSURER_PILOT = "中国人民财产保险股份有限公司菏泽市分公司"
INSURER_CITY = "中国人寿财产保险股份有限公司菏泽市中心支公司"
CLAIM_STEPS = "\n".join([
    "出险后48小时内拨打报案电话，报保单号、姓名和身份证号",
    "就医时保留病历、诊断证明、费用发票和清单",
    "把理赔申请书、身份证复印件、银行卡和就医材料交给承保公司（也可交到所在街道社工站代收）",
    "承保公司审核后把赔款打到本人银行卡，进度可拨打报案电话查询",
])
DISCOUNTS = [  # kind, name, note, station kind, people, uses per person (max), saved per use
    ("meal_discount", "小哥食堂优惠套餐", "凭码享受12元两荤一素优惠套餐（立减6元）", "rider_canteen",
     600, 8, Decimal("6")),
    ("health_check", "小哥药堂优惠体检", "基础体检套餐88元（原价260元），每年一次", "rider_pharmacy",
     300, 1, Decimal("172")),
    ("child_care", "党群服务中心托育服务", "暑期及课后托管每天20元，含午餐", "community_centre",
     80, 10, Decimal("40")),
]


def _programmes(ctx: DemoContext) -> tuple[Programme, Programme, list[Programme]]:
    today = ctx.now.date()
    city = Region.objects.get(code="371700")
    caoxian = Region.objects.get(code="371721")
    policy_rng = ctx.rng("benefits-policies")
    pilot = Programme.objects.create(
        name="呵护新保·曹县试点", kind="insurance", region=caoxian, quota=PILOT[0],
        cover_amount=PILOT[1], insurer=INSURER_PILOT, open_for_applications=False,
        policy_number=f"PICC-HZ-{today.year - 1}-CX{policy_rng.randrange(10**6):06d}",
        claim_hotline="95518", claim_steps=CLAIM_STEPS,
        starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=64),
        description="免费为曹县新就业群体投保人身意外险，试点名额已满。")
    batch = Programme.objects.create(
        name="呵护新保（全市）", kind="insurance", region=city, quota=450,
        cover_amount=CITY_BATCH[1], insurer=INSURER_CITY,
        policy_number=f"CLPC-HZ-{today.year}-SZ{policy_rng.randrange(10**6):06d}",
        claim_hotline="95519", claim_steps=CLAIM_STEPS,
        starts_on=today - timedelta(days=200), ends_on=today + timedelta(days=164),
        description="市委社会工作部为新就业群体免费投保人身意外险，含意外身故、伤残和医疗。")
    others = [Programme.objects.create(
        name=name, kind=kind, region=city, requires_verified=False, discount_note=note,
        starts_on=today - timedelta(days=240), ends_on=today + timedelta(days=125))
        for kind, name, note, *_ in DISCOUNTS]
    return pilot, batch, others


def _verified(rng: random.Random) -> list[tuple[int, str]]:
    rows = list(Worker.objects.filter(real_name_verified=True).order_by("id")
                .values_list("user_id", "work_region__path"))
    rng.shuffle(rows)
    return rows


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("benefits")
    with transaction.atomic():
        pilot, batch, others = _programmes(ctx)
        pool = _verified(rng)
        in_caoxian = [r for r in pool if r[1].startswith("371700/371721/")]
        pilot_people = [u for u, _ in in_caoxian[:PILOT[0]]]
        # A few applicants wait in 东城街道, where the demo staff logins review.
        local = [u for u, path in pool if path.startswith(DEMO_TOWNSHIP_PATH)][:8]
        taken = set(pilot_people) | set(local)
        rest = [u for u, _ in pool if u not in taken]
        city_people = rest[:CITY_BATCH[0]]
        waiting = local + rest[CITY_BATCH[0]:CITY_BATCH[0] + 32]
        apps: list[Application] = []
        decided = ctx.now - timedelta(days=150)
        apps += [Application(programme=pilot, user_id=u, status=ApplicationStatus.APPROVED,
                             cover_amount=PILOT[1], decided_at=decided - timedelta(days=90))
                 for u in pilot_people]
        apps += [Application(programme=batch, user_id=u, status=ApplicationStatus.APPROVED,
                             cover_amount=CITY_BATCH[1],
                             decided_at=decided + timedelta(days=rng.randint(0, 140)))
                 for u in city_people]
        for i, u in enumerate(waiting):  # the queue the reviewers see today
            status = (ApplicationStatus.REJECTED if i % 8 == 7 else
                      ApplicationStatus.WITHDRAWN if i % 13 == 12 else ApplicationStatus.PENDING)
            apps.append(Application(
                programme=batch, user_id=u, status=status,
                decided_at=ctx.now - timedelta(days=2) if status != "pending" else None,
                decision_note="身份信息与公安核验结果不一致，请更新后重新申请"
                if status == ApplicationStatus.REJECTED else ""))
        Application.objects.bulk_create(apps, batch_size=1000)
        _discounts(ctx, rng, others)
        # Applied a few days before the decision (auto_now_add stamped them today).
        Application.objects.filter(decided_at__isnull=False).update(
            applied_at=F("decided_at") - timedelta(days=3))
        Application.objects.filter(decided_at__isnull=True).update(
            applied_at=ctx.now - timedelta(days=2))
    ctx.shared["insured_people"] = len(pilot_people) + len(city_people)


def _discounts(ctx: DemoContext, rng: random.Random, programmes: list[Programme]) -> None:
    """Approved discount benefits and their uses at canteens, pharmacies and centres."""
    everyone = list(Worker.objects.order_by("id").values_list("user_id", flat=True)[:20000])
    rng.shuffle(everyone)
    uses: list[BenefitUse] = []
    for programme, (_, _, _, station_kind, people, per_person, saved) in zip(
            programmes, DISCOUNTS, strict=True):
        stations = list(Station.objects.filter(kind=station_kind).values_list("id", flat=True))
        chosen = rng.sample(everyone, min(len(everyone), people))
        apps = Application.objects.bulk_create([
            Application(programme=programme, user_id=u, status=ApplicationStatus.APPROVED,
                        decided_at=ctx.now - timedelta(days=rng.randint(20, 200)))
            for u in chosen], batch_size=1000)
        for a in apps:
            for _ in range(rng.randint(0, per_person)):
                uses.append(BenefitUse(
                    application=a, station_id=rng.choice(stations) if stations else None,
                    used_at=ctx.now - timedelta(days=rng.randint(0, 150),
                                                minutes=rng.randint(0, 600)),
                    amount_saved=saved))
    BenefitUse.objects.bulk_create(uses, batch_size=2000)
