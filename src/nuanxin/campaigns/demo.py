"""Demo step: one anti-illegal-fundraising campaign across Heze, run through about half of
its villages (one to three actions each, bulk-inserted), with a short quiz."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from nuanxin.accounts.models import User
from nuanxin.campaigns.models import Action, ActionKind, Campaign, Material, Question
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q

ORDER = 80
TZ = ZoneInfo("Asia/Shanghai")
CITY = "371700"
THEME = "防范非法集资宣传进村居"
QUESTIONS = [
    ("承诺“高额回报、保本无风险”的投资项目，最可能是？", ["正规理财产品", "非法集资", "银行存款"], 1),
    ("发现身边有人以养老项目名义吸收资金，应当怎么做？", ["介绍亲友参加", "向有关部门举报", "不闻不问"], 1),
    ("参与非法集资造成的损失由谁承担？", ["由参与者自行承担", "由政府全额赔偿", "由银行赔偿"], 0),
]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("campaigns")
    city = Region.objects.filter(code=CITY).first()
    if city is None:
        return
    start = (ctx.now - timedelta(days=60)).date()
    organiser = User.objects.filter(roles__role="city_admin").order_by("pk").first()
    villages = list(Region.objects.filter(subtree_q(city.path), level=Level.VILLAGE)
                    .order_by("path").values_list("id", flat=True))
    chosen = sorted(rng.sample(villages, len(villages) // 2))
    kinds = list(ActionKind.values)
    days = max(1, (ctx.now.date() - start).days)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            theme=THEME, region=city, starts_on=start, ends_on=start + timedelta(days=120),
            materials=list(Material.values), created_by=organiser)
        Question.objects.bulk_create(
            Question(campaign=campaign, text=t, options=o, answer=a, position=i)
            for i, (t, o, a) in enumerate(QUESTIONS))
        actions: list[Action] = []
        stamps: list[datetime] = []
        for village_id in chosen:
            for _ in range(rng.choice((1, 1, 2, 3))):
                kind = rng.choice(kinds)
                actions.append(Action(
                    campaign=campaign, village_id=village_id, kind=kind,
                    brochures=rng.randint(50, 300) if kind == ActionKind.BROCHURE else 0,
                    people=rng.randint(20, 200), note="示例记录"))
                day = start + timedelta(days=rng.randrange(days))
                stamps.append(datetime.combine(day, time(rng.randint(8, 17)), tzinfo=TZ))
        with ctx.progress("防非宣传记录", len(actions)) as bar:
            Action.objects.bulk_create(actions, batch_size=2000)
            for action, stamp in zip(actions, stamps, strict=True):
                action.created_at = stamp
            Action.objects.bulk_update(actions, ["created_at"], batch_size=2000)
            bar.update(len(actions))
    ctx.shared["campaign_villages"] = f"{len(chosen)}/{len(villages)}"
