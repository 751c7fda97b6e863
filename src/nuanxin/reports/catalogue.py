"""The default catalogue a city starts with (admins edit deadlines and points later)."""

from __future__ import annotations

from nuanxin.regions.models import Region
from nuanxin.reports.models import Category, DeadlineUnit, HandlerKind

H, D = DeadlineUnit.HOURS, DeadlineUnit.DAYS
# code, name, handler kind, accept within (working hours), resolve amount, unit, description
DEFAULT_CATEGORIES: list[tuple[str, str, str, int, int, str, str]] = [
    ("road_hazard", "道路隐患", HandlerKind.COMMUNITY, 2, 24, H, "坑洼、井盖缺失、积水、路障"),
    ("public_facility", "公共设施损坏", HandlerKind.COMMUNITY, 4, 3, D, "路灯、护栏、座椅、充电桩"),
    ("fire_electrical", "消防与用电隐患", HandlerKind.TOWNSHIP, 1, 8, H, "飞线充电、通道堵塞、电线裸露"),
    ("gated_access", "小区进门难", HandlerKind.PROPERTY, 4, 2, D, "骑手不能进小区、无停车点"),
    ("illegal_parking", "违章停车", HandlerKind.COMMUNITY, 2, 8, H, "占用消防通道、盲道、出入口"),
    ("environment", "环境卫生", HandlerKind.COMMUNITY, 4, 2, D, "垃圾堆放、污水、噪声"),
    ("food_safety", "食品安全", HandlerKind.TOWNSHIP, 2, 3, D, "无证经营、过期食品"),
    ("other", "其他", HandlerKind.COMMUNITY, 8, 5, D, "其他需要社区帮助的问题"),
]


def ensure_catalogue(city: Region) -> list[Category]:
    """Create the default categories for `city` where missing; keep edited ones as they are."""
    made = []
    for sort, (code, name, kind, accept, amount, unit, desc) in enumerate(DEFAULT_CATEGORIES):
        cat, _ = Category.objects.get_or_create(city=city, code=code, defaults={
            "name": name, "handler_kind": kind, "accept_hours": accept, "resolve_amount": amount,
            "resolve_unit": unit, "description": desc, "sort": sort})
        made.append(cat)
    return made
