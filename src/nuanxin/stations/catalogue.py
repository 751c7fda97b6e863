"""The service catalogue: a fixed list, each service one bit of `Station.service_mask`.

A fixed catalogue (rather than a table) keeps the bit positions stable, which the
in-process nearest index and every stored mask depend on. Append only; never reorder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Service:
    code: str
    label: str
    icon: str  # a single emoji: no icon font to download on a weak network
    bit: int


_LIST = [
    ("water", "饮用水", "🚰"),
    ("hot_water", "热水", "♨️"),
    ("meal_heating", "热饭", "🍱"),
    ("toilet", "卫生间", "🚻"),
    ("rest", "休息座椅", "🪑"),
    ("air_conditioning", "空调", "❄️"),
    ("phone_charging", "手机充电", "🔌"),
    ("ebike_charging", "电动车充电", "🔋"),
    ("battery_swap", "换电", "🔄"),
    ("battery_repair", "电池维修", "🔧"),
    ("first_aid", "急救箱/常用药", "⛑️"),
    ("wifi", "无线网络", "📶"),
    ("umbrella", "爱心雨伞", "☂️"),
    ("discount_meal", "优惠餐", "🍚"),
    ("health_check", "健康检查", "🩺"),
    ("child_care", "托管/托育", "🧒"),
    ("elder_care", "养老服务", "🧓"),
    ("reading", "阅览室", "📚"),
    ("training", "技能培训", "🎓"),
]

SERVICES: list[Service] = [Service(code, label, icon, i) for i, (code, label, icon) in enumerate(_LIST)]
BY_CODE: dict[str, Service] = {s.code: s for s in SERVICES}
BY_LABEL: dict[str, Service] = {s.label: s for s in SERVICES}

# The five common needs shown as filter chips on the rider's page.
CHIPS: list[tuple[str, str, str]] = [
    ("toilet", "卫生间", "🚻"),
    ("water", "喝水", "🚰"),
    ("charging", "充电", "🔋"),
    ("meal_heating", "热饭", "🍱"),
    ("rest", "歇脚", "🪑"),
]
# A chip may stand for "any of" several services (charging = phone or e-bike or swap).
CHIP_ANY: dict[str, tuple[str, ...]] = {
    "charging": ("phone_charging", "ebike_charging", "battery_swap"),
}


def mask_of(codes: list[str] | tuple[str, ...] | set[str]) -> int:
    m = 0
    for c in codes:
        m |= 1 << BY_CODE[c].bit
    return m


def codes_of(mask: int) -> list[str]:
    return list(_codes_of(mask))


@lru_cache(maxsize=4096)
def _codes_of(mask: int) -> tuple[str, ...]:
    return tuple(s.code for s in SERVICES if mask >> s.bit & 1)


def parse_codes(raw: str, field: str = "services") -> list[str]:
    """Codes or Chinese labels, comma/、 separated; unknown names are refused in Chinese."""
    return list(_parse_codes(raw, field))


@lru_cache(maxsize=1024)
def _parse_codes(raw: str, field: str) -> tuple[str, ...]:
    from nuanxin.kernel.errors import DomainError

    out: list[str] = []
    for part in raw.replace("、", ",").replace("，", ",").replace(";", ",").split(","):
        name = part.strip()
        if not name:
            continue
        svc = BY_CODE.get(name) or BY_LABEL.get(name)
        if name in CHIP_ANY:
            out.append(name)
            continue
        if svc is None:
            raise DomainError(f"未知的服务项目“{name}”", field=field)
        out.append(svc.code)
    return tuple(dict.fromkeys(out))
