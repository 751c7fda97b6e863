"""Demo step: a season (about 90 days) of 书记赶集, 小马扎 and 人民调解 across Heze's
counties, Yuncheng (郓城县, 371725) the busiest.

Everything goes through the services, so the cases ride the report lifecycle exactly as
live ones do; afterwards the dates are spread over the season, and some open cases are
made overdue and run through the scheduled escalation, so they climb the ladder.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.services import assign_role, create_user, find_user_by_phone
from nuanxin.demo.accounts import DEMO_PASSWORD
from nuanxin.governance import services
from nuanxin.governance.models import ListeningRequest, RequestCategory
from nuanxin.governance.services.forums import MeetingIn, VoteIn
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.kernel.errors import PermissionDenied
from nuanxin.mediation import services as mediation
from nuanxin.mediation.models import Channel, DisputeType, MediationCase
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region
from nuanxin.reports import services as cases
from nuanxin.reports.models import Report
from nuanxin.reports.states import Status

ORDER = 80
SEASON_DAYS = 90
BUSIEST = "371725"
DEMO_MEDIATOR = "13700000001"  # the first county's (牡丹区) county-level mediator
ASKS = {
    RequestCategory.ROADS: ["村口到集市的路坑洼积水，雨天没法走", "村里路灯坏了半个月没人修",
                            "学校门口没有减速带，车开得太快"],
    RequestCategory.ENVIRONMENT: ["集市散场后垃圾没人清运", "河沟里有人倒建筑垃圾"],
    RequestCategory.HOUSING: ["危房改造补助什么时候批下来", "自来水压力小，二楼上不去水"],
    RequestCategory.WELFARE: ["老人高龄补贴三个月没到账", "残疾人两项补贴怎么申请",
                              "医保缴费渠道不会用"],
    RequestCategory.JOBS: ["想参加电工培训，哪里报名", "外卖骑手想交职工医保不知道怎么办"],
    RequestCategory.FARMING: ["麦田浇地的机井坏了", "合作社收的大蒜货款还没结"],
    RequestCategory.NEIGHBOURS: ["邻居盖房占了过道", "邻居家狗夜里一直叫"],
    RequestCategory.OTHER: ["村里想建个骑手爱心驿站", "希望集市上有法律咨询摊位"],
}
FACTS = {
    DisputeType.FAMILY: "夫妻因赡养老人费用分担发生争执，双方多次争吵，老人生活无着落。",
    DisputeType.NEIGHBOUR: "两户因院墙外排水沟堵塞互相指责，污水流入邻居院内已两个月。",
    DisputeType.LAND: "兄弟二人对父亲留下的宅基地界址有争议，一方已砌墙占用约三米。",
    DisputeType.CONTRACT: "农户与收购商签订大蒜购销合同，收购商以品质为由拒付尾款。",
    DisputeType.DAMAGES: "外卖骑手送餐途中与电动车相撞，双方对医疗费承担有争议。",
    DisputeType.LABOUR: "骑手在配送站工作三个月，站点以超时罚款为由扣发当月工资。",
    DisputeType.OTHER: "村民与养殖户因养殖场异味问题多次发生口角。",
}
TERMS = ["双方各承担一半费用，于约定日期前付清，今后不再因此事发生争议。",
         "被申请人退还扣发工资，申请人撤回其他请求。",
         "被申请人拆除占用部分，恢复原界址，申请人不再追究。"]


def _user(phone: str, name: str, role: str, code: str) -> User:
    user = find_user_by_phone(phone) or create_user(phone=phone, password=DEMO_PASSWORD,
                                                    display_name=name, check_strength=False)
    assign_role(user=user, role=role, region_code=code)
    return user


def _day(now: datetime, rng: random.Random) -> datetime:
    return now - timedelta(days=rng.uniform(1, SEASON_DAYS))


def _at(day: datetime, hour: float) -> datetime:
    local = timezone.localtime(day)
    return timezone.make_aware(datetime.combine(local.date(), time(int(hour), int(hour % 1 * 60))))


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("governance")
    counties = list(Region.objects.filter(level="county").order_by("code"))
    if not counties:
        return
    seq = iter(range(1, 10_000))
    overdue: list[int] = []
    totals = {"sessions": 0, "requests": 0, "meetings": 0, "mediation": 0}
    with ctx.progress("基层治理（赶集、小马扎、调解）", len(counties), "个县区") as bar:
        for county in counties:
            busy = county.code == BUSIEST
            townships = list(Region.objects.filter(parent=county, level="township")
                             .exclude(lng__isnull=True).order_by("code")[:6 if busy else 2])
            county_mediator = _user(f"13700{next(seq):06d}", f"{county.name}调解员", "mediator",
                                    county.code)
            for t in townships:
                villages = list(Region.objects.filter(parent=t, level="village")
                                .exclude(lng__isnull=True).order_by("code")[:3])
                if not villages:
                    continue
                people = {
                    "secretary": _user(f"13700{next(seq):06d}", f"{t.name}书记", "township_staff",
                                       t.code),
                    "t_mediator": _user(f"13700{next(seq):06d}", f"{t.name}调解员", "mediator",
                                        t.code),
                    "v_mediator": _user(f"13700{next(seq):06d}", f"{villages[0].name[:6]}调解员",
                                        "mediator", villages[0].code),
                    "village": _user(f"13700{next(seq):06d}", f"{villages[0].name[:6]}书记",
                                     "community_staff", villages[0].code),
                    "county_mediator": county_mediator,
                }
                totals["sessions"] += _listening(ctx, rng, t, people, busy, overdue, totals)
                totals["meetings"] += _forums(ctx, rng, villages[0], people, busy)
                totals["mediation"] += _mediation(ctx, rng, villages[0], t, people, busy, overdue)
            bar.update(1)
    _climb(ctx, overdue)
    ctx.shared["governance"] = totals
    ctx.say(f"基层治理：赶集{totals['sessions']}场、诉求{totals['requests']}件、"
            f"议事会{totals['meetings']}场、调解{totals['mediation']}件；"
            f"调解员登录 {DEMO_MEDIATOR}")


def _listening(ctx: DemoContext, rng: random.Random, township: Region,
               people: dict[str, User], busy: bool, overdue: list[int],
               totals: dict[str, int]) -> int:
    secretary = people["secretary"]
    n = 3 if busy else rng.choice([1, 2])
    for _ in range(n):
        day = _day(ctx.now, rng)
        s = services.create_session(actor=secretary, township_code=township.code,
                                    held_on=timezone.localtime(day).date(),
                                    market=f"{township.name[:4]}大集",
                                    officials=f"{secretary.display_name}、司法所长、派出所民警")
        for _ in range(rng.randint(4, 8) if busy else rng.randint(2, 5)):
            category = rng.choice(list(ASKS))
            phone = f"1580000{rng.randrange(10_000):04d}" if rng.random() < 0.6 else ""
            req, _ = services.record_request(actor=secretary, session_id=s.pk, data=services.RequestIn(
                category=category, description=rng.choice(ASKS[category]),
                resident_name=rng.choice(["", "张", "王", "李", "赵"]) + rng.choice(["秀英", "建国", "桂兰", ""]),
                resident_phone=phone))
            ListeningRequest.objects.filter(pk=req.pk).update(created_at=_at(day, rng.uniform(8, 11)))
            totals["requests"] += 1
            fate = rng.choices(["solved", "case", "pending"], [45, 45, 10])[0]
            if fate == "pending":
                continue
            req = services.triage_request(actor=secretary, request_id=req.pk, outcome=fate,
                                          note="当场协调有关部门答复" if fate == "solved" else "")
            if fate == "case" and req.case_id:
                _play_case(rng, req.case_id, secretary, overdue)
    return n


def _play_case(rng: random.Random, case_id: int, handler: User, overdue: list[int]) -> None:
    fate = rng.choices(["closed", "answered", "open", "overdue"], [55, 15, 15, 15])[0]
    if fate == "overdue":
        overdue.append(case_id)
        return
    if fate == "open":
        return
    try:
        cases.act_on_case(user=handler, case_id=case_id, step="accept")
    except PermissionDenied:
        return  # routed by its place to a village outside the township: its handlers' job
    cases.act_on_case(user=handler, case_id=case_id, step="reply",
                      text="已协调相关部门办理，结果已电话告知群众")
    if fate == "closed":
        cases.act_on_case(user=handler, case_id=case_id, step="rate",
                          rating=rng.choices(["satisfied", "basic"], [85, 15])[0])


def _forums(ctx: DemoContext, rng: random.Random, village: Region, people: dict[str, User],
            busy: bool) -> int:
    staff = people["village"]
    n = 2 if busy else 1
    for i in range(n):
        day = timezone.localtime(_day(ctx.now, rng)).date()
        m = services.create_meeting(actor=staff, data=MeetingIn(
            community_code=village.code, held_on=day,
            title=rng.choice(["骑手充电桩选址", "村内道路硬化", "集市摊位重新划分", "快递驿站设置"]),
            agenda=["说明情况", "听取意见", "表决"], participants=["村民代表王某", "骑手代表李某",
                                                             "网格员", "村两委成员"],
            minutes="围坐小马扎，逐项听取意见后举手表决。",
            decisions=[VoteIn("按多数意见实施方案", rng.randint(15, 30), rng.randint(0, 5),
                              rng.randint(0, 3)),
                       VoteIn("由村集体承担全部费用", rng.randint(2, 8), rng.randint(10, 20), 1)]))
        passed = m.decisions.filter(passed=True).first()
        if passed is not None:
            task = services.add_task(actor=staff, decision_id=passed.pk, title="制定实施方案并施工",
                                     owner="村民委员会", due_on=day + timedelta(days=30))
            services.update_task(actor=staff, task_id=task.pk, progress=rng.choice([20, 50, 80, 100]),
                                 note="按计划推进")
        if i == 0:
            talk = services.create_talk(actor=staff, community_code=village.code,
                                        starts_at=_at(ctx.now - timedelta(days=rng.randint(1, 60)), 15),
                                        topic=rng.choice(["骑手交通安全", "民法典进万家", "防范电信诈骗"]),
                                        speaker="司法所法律顾问")
            workers = Worker.objects.filter(work_region__path__startswith=village.path[:14]).values_list(
                "user_id", flat=True)[:rng.randint(3, 8)]
            for user in User.objects.filter(pk__in=list(workers)):
                services.check_in_talk(user=user, talk_id=talk.pk, code=talk.checkin_code,
                                       now=talk.starts_at + timedelta(minutes=5))
    return n


def _mediation(ctx: DemoContext, rng: random.Random, village: Region, township: Region,
               people: dict[str, User], busy: bool, overdue: list[int]) -> int:
    n = 5 if busy else rng.randint(1, 3)
    for _ in range(n):
        kind = rng.choice(list(DisputeType))
        m = mediation.intake(
            actor=people["v_mediator"], region_code=village.code, dispute_type=kind,
            facts=FACTS[kind], request="请求依法调解，妥善解决纠纷",
            applicants=[mediation.PartyIn(rng.choice(["王", "李", "张", "刘"]) + "某某",
                                          f"1590000{rng.randrange(10_000):04d}")],
            respondents=[mediation.PartyIn(rng.choice(["赵", "陈", "孙"]) + "某某")])
        difficulty = rng.choices(["simple", "complex", "hard"], [55, 30, 15])[0]
        who = {"simple": people["v_mediator"], "complex": people["t_mediator"],
               "hard": people["county_mediator"]}[difficulty]
        m = mediation.triage(actor=who, mediation_id=m.pk, difficulty=difficulty)
        created = _day(ctx.now, rng)
        MediationCase.objects.filter(pk=m.pk).update(created_at=created)
        fate = rng.choices(["agreement", "failed", "open", "overdue"], [55, 15, 15, 15])[0]
        if fate == "overdue":
            assert m.case_id is not None
            overdue.append(m.case_id)
            continue
        if fate == "open":
            mediation.take(actor=who, mediation_id=m.pk)
            continue
        mediation.record_session(actor=who, mediation_id=m.pk, held_at=timezone.now(),
                                 present="双方当事人、调解员",
                                 record="调解员释法明理，双方陈述各自意见并协商解决办法。")
        if fate == "failed":
            mediation.record_failure(actor=who, mediation_id=m.pk, reason="一方坚持原有主张，拒绝让步",
                                     channels=[Channel.LITIGATION, Channel.ARBITRATION]
                                     if kind != DisputeType.LABOUR else [Channel.LABOUR_ARBITRATION])
            continue
        mediation.reach_agreement(actor=who, mediation_id=m.pk, terms=rng.choice(TERMS),
                                  performance="现金或银行转账",
                                  perform_by=timezone.localdate() + timedelta(days=15))
        if rng.random() < 0.5:
            mediation.follow_up(actor=who, mediation_id=m.pk, performed="yes", note="已按协议履行")
    return n


def _climb(ctx: DemoContext, overdue: list[int]) -> None:
    """Let the missed deadlines pass, then run the scheduled escalation once."""
    past = ctx.now - timedelta(hours=1)
    waiting = Report.objects.filter(pk__in=overdue, status=Status.SUBMITTED)
    waiting.update(accept_due_at=past)
    call_command("escalate", stdout=io.StringIO())
