"""Each staff role's home: its queue as tappable counts, its region's key figures, shortcuts."""

from __future__ import annotations

from typing import Any

from nuanxin.accounts.roles import Role
from nuanxin.dashboard import board, selectors
from nuanxin.dashboard.periods import parse_period
from nuanxin.dashboard.present import text

# Highest first: a user with several roles lands on the widest one's home.
HOMES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (Role.CITY_ADMIN, "市委社会工作部工作台", [
        ("/dashboard/", "数据看板"), ("/reports/handle/", "承办队列"),
        ("/benefits/review/", "权益审核"), ("/activities/manage/", "活动管理"),
        ("/points/staff/", "积分统计"), ("/admin/", "后台管理")]),
    (Role.COUNTY_STAFF, "县区工作台", [
        ("/dashboard/", "数据看板"), ("/reports/handle/", "承办队列"),
        ("/benefits/review/", "权益审核"), ("/activities/manage/", "活动管理"),
        ("/points/staff/", "积分统计")]),
    (Role.TOWNSHIP_STAFF, "街道(乡镇)工作台", [
        ("/reports/handle/", "承办队列"), ("/dashboard/", "数据看板"),
        ("/benefits/review/", "权益审核"), ("/activities/manage/", "活动管理")]),
    (Role.COMMUNITY_STAFF, "社区工作台", [
        ("/reports/handle/", "承办队列"), ("/dashboard/", "数据看板"),
        ("/benefits/review/", "权益审核"), ("/activities/manage/", "活动管理")]),
    (Role.GRID_WORKER, "网格员工作台", [
        ("/reports/handle/", "承办队列"), ("/dashboard/", "数据看板"),
        ("/activities/manage/", "活动管理")]),
    (Role.PARTY_STAFF, "党组织工作台", [
        ("/dashboard/", "数据看板"), ("/activities/manage/", "活动管理")]),
]
QUEUE = [("waiting", "待签收"), ("due_soon", "临期"), ("overdue", "超期")]
KEY_FIGURES = ["workers.total", "stations.total", "reports.received", "reports.on_time_rate",
               "activities.participants", "benefits.insured"]


def context(user: Any) -> dict[str, Any]:
    held = set(user.roles.values_list("role", flat=True))
    if getattr(user, "is_superuser", False):
        held.add(Role.CITY_ADMIN)
    role, title, shortcuts = next((h for h in HOMES if h[0] in held), HOMES[-1])
    region = selectors.home_region(user)
    period = parse_period(None, None)
    snap = selectors.figures(region, period)
    queue = []
    for which, label in QUEUE:
        fig = board.pick(snap.value, f"reports.{which}")
        queue.append({"which": which, "label": label,
                      "value": fig.value if fig is not None else 0,
                      "link": "/dashboard/records/?" + board.query(region, period,
                                                                   which=which)})
    figures = []
    for metric in KEY_FIGURES:
        fig = board.pick(snap.value, metric)
        if fig is not None:
            figures.append({"fig": fig, "text": text(fig), "link": "/dashboard/?" + board.query(
                region, period, metric=metric)})
    return {"title": title, "role_label": Role(role).label, "region": region,
            "queue": queue, "figures": figures, "shortcuts": shortcuts, "stamp": snap.stamp,
            "period": period}
