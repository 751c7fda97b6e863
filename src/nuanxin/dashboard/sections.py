"""Every installed app's `figures.py`, collected once per process (the set of apps is fixed).

A module gives `SECTION` and `compute(*, region, start, end)`; it may also give
`compute_children(*, region, start, end) -> {child code: figures}` (one grouped query
for all children). Without it the children are computed one by one.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from nuanxin.kernel.figures import Figure
from nuanxin.kernel.plugins import app_modules
from nuanxin.regions.models import Region
from nuanxin.regions.tally import shared_keys

# Order on the page for the sections we know; any other section follows in app order.
PREFERRED = ["workers", "stations", "reports", "activities", "benefits", "points", "party",
             "governance", "campaigns", "access"]
TITLES = {
    "workers": "新就业群体", "stations": "阵地建设", "reports": "随手拍", "activities": "关爱活动",
    "benefits": "权益保障", "points": "积分激励", "party": "党建引领", "governance": "基层治理",
    "campaigns": "宣传活动", "access": "畅行进门", "mediation": "矛盾调解",
}

Figures = dict[str, dict[str, Figure]]  # section -> key -> figure


@cache
def sections() -> tuple[tuple[str, ModuleType], ...]:
    found = [(str(m.SECTION), m) for _, m in app_modules("figures")
             if hasattr(m, "SECTION") and hasattr(m, "compute")]
    rank = {s: i for i, s in enumerate(PREFERRED)}
    return tuple(sorted(found, key=lambda sm: rank.get(sm[0], len(PREFERRED))))


def title(section: str) -> str:
    return TITLES.get(section, section)


def compute(region: Region, start: object, end: object) -> Figures:
    return {name: module.compute(region=region, start=start, end=end)
            for name, module in sections()}


def compute_children(region: Region, kids: list[Region], start: object,
                     end: object) -> dict[str, Figures]:
    """child code -> section -> figures, for every child in `kids`."""
    out: dict[str, Figures] = {k.code: {} for k in kids}
    with shared_keys():
        _each_child(region, kids, start, end, out)
    return out


def _each_child(region: Region, kids: list[Region], start: object, end: object,
                out: dict[str, Figures]) -> None:
    for name, module in sections():
        grouped = getattr(module, "compute_children", None)
        if grouped is not None:
            rows = grouped(region=region, start=start, end=end)
            for kid in kids:
                out[kid.code][name] = rows.get(kid.code) or module.compute(
                    region=kid, start=start, end=end)
        else:
            for kid in kids:
                out[kid.code][name] = module.compute(region=kid, start=start, end=end)
