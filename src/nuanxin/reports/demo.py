"""Demo step: a few hundred snap reports over the last four months, in every state.

Each report is played forward on the real calendar and ladder (deadlines in working
hours, escalation at each missed deadline), so the scheduled job finds the data already
consistent. The demo grid (371702001001001) has a live queue for its grid worker, and
the demo rider 13900000008 has a few reports of their own, one waiting for a rating.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw

from nuanxin.accounts.services import find_user_by_phone
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.notifications.models import Notification
from nuanxin.people.models import Worker
from nuanxin.points.models import Reason
from nuanxin.points.services import award_points
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import sample_point
from nuanxin.reports.catalogue import ensure_catalogue
from nuanxin.reports.ladder import next_rung
from nuanxin.reports.models import Category, Rating, Report, ReportEvent, ReportPhoto
from nuanxin.reports.routing import route
from nuanxin.reports.states import Status
from nuanxin.workcalendar.selectors import add_working_hours

ORDER = 60
TOTAL = 360
DEMO_GRID = "371702001001001"
DEMO_RIDER = "13900000008"
DEMO_GRID_WORKER = "13900000005"
H = timedelta(hours=1)

TEXTS = {
    "road_hazard": ["路口井盖缺失，晚上送餐差点摔倒", "路面塌陷一个大坑，雨后积水看不见",
                    "施工围挡倒在非机动车道上"],
    "public_facility": ["路灯坏了一整排，晚上很黑", "驿站门口的充电桩不通电",
                        "公交站座椅断了一条腿"],
    "fire_electrical": ["楼道里飞线给电动车充电", "小区消防通道被杂物堵死", "配电箱门开着电线裸露"],
    "gated_access": ["小区不让骑手进门，只能在门口等", "小区没有外卖临时停车点",
                     "门禁换了新系统，骑手登记不了"],
    "illegal_parking": ["私家车长期占用消防通道", "盲道上停满了车", "出入口被货车堵住"],
    "environment": ["垃圾桶满了好几天没人清", "路边污水外溢有异味", "夜市油烟很大"],
    "food_safety": ["路边摊没有健康证还在卖熟食", "超市在卖过期面包"],
    "other": ["驿站晚上十点就关门了，希望延长", "想了解呵护新保怎么报名"],
}
REPLIES = ["已联系相关单位现场处理完毕", "已安排维修人员，问题已解决", "已与物业沟通，设置骑手通道",
           "已张贴提示并安排网格员巡查", "经协调，已列入本月整治计划"]
COLORS = ["#c92a2a", "#e67700", "#2b8a3e", "#1864ab", "#5f3dc4", "#0b7285", "#862e9c", "#495057"]


@dataclass
class Plan:
    report: Report
    events: list[ReportEvent] = field(default_factory=list)


def _photos(categories: list[Category]) -> dict[int, tuple[str, str]]:
    """One simple picture per category (shared by its demo reports)."""
    folder = Path(settings.MEDIA_ROOT) / "reports" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for i, c in enumerate(categories):
        img = Image.new("RGB", (480, 360), "#f1f3f5")
        d = ImageDraw.Draw(img)
        d.rectangle((60, 60, 420, 300), outline=COLORS[i % len(COLORS)], width=14)
        d.ellipse((180, 120, 300, 240), fill=COLORS[i % len(COLORS)])
        for name, size in ((f"{c.code}.jpg", None), (f"{c.code}_t.jpg", 200)):
            pic = img.copy()
            if size:
                pic.thumbnail((size, size))
            buf = io.BytesIO()
            pic.save(buf, "JPEG", quality=80)
            (folder / name).write_bytes(buf.getvalue())
        out[c.pk] = (f"reports/demo/{c.code}.jpg", f"reports/demo/{c.code}_t.jpg")
    return out


def _ev(p: Plan, kind: str, at: datetime, text: str, *, public: bool = True,
        actor_id: int | None = None, src: Region | None = None, dst: Region | None = None) -> None:
    p.events.append(ReportEvent(kind=kind, created_at=at, text=text, public=public,
                                actor_id=actor_id, from_region=src, to_region=dst))


def _climb(p: Plan, now: datetime) -> None:
    """Escalate at every missed deadline up to now, as the scheduled job would have."""
    r = p.report
    waiting = r.status in (Status.SUBMITTED, Status.RETURNED)
    while True:
        due = r.accept_due_at if waiting else r.resolve_due_at
        if due is None or due > now:
            return
        up = next_rung(r.region)
        missed = "签收" if waiting else "办结"
        if up is None:
            r.overdue_noted_for = due
            _ev(p, "overdue", due, f"超过{missed}期限，已在最高层级挂牌督办", public=False)
            return
        _ev(p, "urge", due, f"{r.region.name}超过{missed}期限未{missed}，向{up.name}发出催办",
            public=False, dst=up)
        _ev(p, "escalate", due, f"超过{missed}期限，已升级至{up.name}办理", src=r.region, dst=up)
        r.region, r.escalations = up, r.escalations + 1
        hours = r.category.accept_hours if waiting else r.category.resolve_hours
        if waiting:
            r.accept_due_at = add_working_hours(due, hours)
        else:
            r.resolve_due_at = add_working_hours(due, hours)


def _play(p: Plan, rng: random.Random, now: datetime, fate: str) -> None:
    """Play one report forward from its creation to `fate`."""
    r, c = p.report, p.report.category
    _ev(p, "submitted", r.created_at, f"已分派至{r.region.name}", actor_id=r.reporter_id)
    if fate == "submitted":
        _climb(p, now)
        return
    if fate == "returned":
        above = r.region.parent
        at = r.created_at + rng.uniform(0.1, 0.8) * c.accept_hours * H
        if above is not None and above.level != "city":
            _ev(p, "return", at, f"{r.region.name}退单（不属于本辖区），由{above.name}改派",
                src=r.region, dst=above)
            r.status, r.returned_from, r.region = Status.RETURNED, r.region, above
            r.accept_due_at = add_working_hours(at, c.accept_hours)
        _climb(p, now)
        return
    accepted = min(r.created_at + rng.uniform(0.05, 0.9) * c.accept_hours * H, now - 0.01 * H)
    if accepted > (r.accept_due_at or accepted):  # never happens with 0.9, kept for safety
        accepted = r.accept_due_at or accepted
    r.status, r.accepted_at = Status.ACCEPTED, accepted
    r.resolve_due_at = add_working_hours(accepted, c.resolve_hours)
    _ev(p, "accept", accepted, f"{r.region.name}已签收")
    if fate in ("accepted", "in_progress"):
        if fate == "in_progress":
            r.status = Status.IN_PROGRESS
            _ev(p, "start", accepted + 0.5 * H, "正在处理")
        _climb(p, now)
        return
    if fate == "rejected":
        r.status, r.closed_at, r.genuine = Status.REJECTED, accepted + 2 * H, False
        r.reply = "重复反映：与附近已受理问题相同"
        _ev(p, "reject", r.closed_at, f"不予受理（{r.reply}）")
        return
    span = (r.resolve_due_at - accepted) if r.resolve_due_at else 24 * H
    late = rng.random() < 0.12
    finished = accepted + span * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.1, 0.9))
    finished = min(finished, now - 0.02 * H)
    kind = rng.choice(["reply", "resolve"])
    r.status = Status.ANSWERED if kind == "reply" else Status.RESOLVED
    r.finished_at, r.genuine, r.reply = finished, rng.random() < 0.93, rng.choice(REPLIES)
    r.finished_on_time = not late
    r.handled_by_id = p.report.handled_by_id
    _ev(p, kind, finished, r.reply)
    if fate == "finished":
        return
    rated = finished + rng.uniform(2, 60) * H
    rating = rng.choices([Rating.SATISFIED, Rating.BASIC, Rating.DISSATISFIED], [80, 14, 6])[0]
    r.rating, r.rated_at, r.status, r.closed_at = rating, rated, Status.CLOSED, rated
    _ev(p, "rate", rated, f"评价：{Rating(rating).label}", actor_id=r.reporter_id)
    _ev(p, "close", rated, "回访完成，办结")
    if r.genuine:
        _ev(p, "points", rated, "核实属实并办结，奖励积分")


def _fate(rng: random.Random, age: timedelta) -> str:
    if age > timedelta(days=10):
        return rng.choices(["closed", "rejected", "submitted", "returned"], [88, 6, 3, 3])[0]
    return rng.choices(["submitted", "accepted", "in_progress", "returned", "finished",
                        "closed", "rejected"], [16, 14, 16, 6, 18, 26, 4])[0]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("reports")
    now = ctx.now
    city = Region.objects.get(code="371700")
    cats = ensure_catalogue(city)
    pics = _photos(cats)
    worker_ids = list(Worker.objects.order_by("id").values_list("user_id", flat=True)[:4000])
    rider = find_user_by_phone(DEMO_RIDER)
    grid_worker = find_user_by_phone(DEMO_GRID_WORKER)
    demo_grid = Region.objects.filter(code=DEMO_GRID).first()
    places = list(Region.objects.filter(level="grid", path__startswith="371700/371702/")
                  .exclude(lng__isnull=True).order_by("code")[:400])
    # Mostly the district's grids, plus every 25th community of the whole city.
    villages = Region.objects.filter(level="village").exclude(lng__isnull=True).order_by("code")
    places += list(villages)[::25]
    if not worker_ids or not places:
        return
    plans: list[Plan] = []
    with ctx.progress("生成随手拍", TOTAL, "条") as bar:
        for i in range(TOTAL):
            special = None
            if demo_grid is not None and i < 30:
                place, special = demo_grid, "grid"
            else:
                place = rng.choice(places)
            c = rng.choice(cats) if special != "grid" else rng.choice(
                [x for x in cats if x.handler_kind == "community"])
            reporter_id = rng.choice(worker_ids)
            if rider is not None and i in (0, 1, 2, 3):
                reporter_id = rider.pk
            if special == "grid" and i >= 4 and i < 16:
                created = now - rng.uniform(0.1, 0.9) * c.accept_hours * H  # live queue
                fate = rng.choice(["submitted", "submitted", "accepted", "in_progress"])
            elif rider is not None and reporter_id == rider.pk and i < 4:
                created = now - timedelta(days=[20, 2, 1, 0.05][i])
                fate = ["closed", "finished", "in_progress", "submitted"][i]
            else:
                recent = rng.random() < 0.35
                created = now - timedelta(days=rng.uniform(0.02, 14) if recent
                                          else rng.uniform(14, 120))
                fate = _fate(rng, now - created)
            lng, lat = sample_point(place, rng, near_m=120)
            try:
                where = route(lng, lat, c.handler_kind)
            except Exception:
                continue
            region = demo_grid if special == "grid" and demo_grid else where.region
            report = Report(
                category=c, description=rng.choice(TEXTS[c.code]), reporter_id=reporter_id,
                anonymous=rng.random() < 0.15, lng=round(lng, 7), lat=round(lat, 7),
                region=region, home_region=where.home if special != "grid" else region,
                handler_kind=c.handler_kind, created_at=created,
                accept_due_at=add_working_hours(created, c.accept_hours),
                handled_by_id=grid_worker.pk if (special and grid_worker) else None,
            )
            plan = Plan(report)
            _play(plan, rng, now, fate)
            if report.status in (Status.ANSWERED, Status.RESOLVED) and (
                    now - (report.finished_at or now)) > timedelta(days=7):
                finished = report.finished_at or now
                report.status, report.closed_at = Status.CLOSED, finished + timedelta(days=7)
                _ev(plan, "close", finished + timedelta(days=7), "7天内未评价，回访超时办结")
                if report.genuine:
                    _ev(plan, "points", finished + timedelta(days=7), "核实属实并办结，奖励积分")
            plans.append(plan)
            bar.update(1)
    Report.objects.bulk_create([p.report for p in plans], batch_size=500)
    events, photos = [], []
    for p in plans:
        for e in p.events:
            e.report = p.report
            events.append(e)
        image, thumb = pics[p.report.category_id]
        photos.append(ReportPhoto(report=p.report, image=image, thumb=thumb, width=480,
                                  height=360))
    ReportEvent.objects.bulk_create(events, batch_size=2000)
    ReportPhoto.objects.bulk_create(photos, batch_size=1000)
    _award(ctx, plans)
    if grid_worker is not None:
        open_here = [p.report for p in plans if p.report.region_id == getattr(demo_grid, "pk", 0)
                     and p.report.status == Status.SUBMITTED]
        Notification.objects.bulk_create([
            Notification(user=grid_worker, title="新随手拍待签收",
                         body=f"{r.category.name}：{r.description[:40]}",
                         url=f"/reports/handle/{r.pk}/") for r in open_here])
    ctx.shared["reports"] = len(plans)


def _award(ctx: DemoContext, plans: list[Plan]) -> None:
    done = [p.report for p in plans if p.report.status == Status.CLOSED and p.report.genuine]
    with ctx.progress("随手拍积分", len(done), "条") as bar:
        for r in done:
            award_points(user=r.reporter, reason=Reason.REPORT_CONFIRMED, source=r,
                         actor=None, note=f"随手拍{r.number}核实办结")
            bar.update(1)
    Report.objects.filter(pk__in=[r.pk for r in done]).update(points_awarded=True)
