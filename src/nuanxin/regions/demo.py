"""Demo step: Heze's real divisions, approximate points for each, and generated grids."""

from __future__ import annotations

import csv
from pathlib import Path

from nuanxin.kernel.demo_context import DemoContext
from nuanxin.regions.geo import offset
from nuanxin.regions.importer import import_regions
from nuanxin.regions.levels import Level
from nuanxin.regions.models import PATH_SEP, Region
from nuanxin.regions.paths import codes_of

ORDER = 10
DATA = Path(__file__).parent / "data"
URBAN_SUFFIXES = ("社区", "居委会", "居民委员会", "社区居委会", "社区居民委员会")


def is_urban_community(name: str) -> bool:
    return name.endswith(URBAN_SUFFIXES)


def build(ctx: DemoContext) -> None:
    text = (DATA / "heze_divisions.csv").read_text(encoding="utf-8")
    total = text.count("\n") - 1
    with ctx.progress("导入菏泽区划", total, "个") as bar:
        import_regions(text, progress=bar.update)
    _place_points(ctx)
    _make_grids(ctx)


def _place_points(ctx: DemoContext) -> None:
    """Counties at their seats; streets near the seat, towns further out; villages nearby."""
    rng = ctx.rng("region-points")
    anchors = {r["code"]: (float(r["lng"]), float(r["lat"]))
               for r in csv.DictReader((DATA / "anchors.csv").open(encoding="utf-8"))}
    regions = list(Region.objects.exclude(level=Level.GRID).order_by("path"))
    points: dict[str, tuple[float, float]] = {}
    for r in regions:
        if r.level == Level.CITY:
            points[r.code] = anchors["371702"]
        elif r.level == Level.COUNTY:
            points[r.code] = anchors.get(r.code, points[_parent_code(r)])
        elif r.level == Level.TOWNSHIP:
            base = points[_parent_code(r)]
            near = r.name.endswith("街道")
            dist = rng.uniform(800, 5000) if near else rng.uniform(6000, 24000)
            points[r.code] = offset(*base, metres=dist, bearing_deg=rng.uniform(0, 360))
        else:
            base = points[_parent_code(r)]
            spread = 1800 if is_urban_community(r.name) else 3500
            points[r.code] = offset(*base, metres=rng.uniform(150, spread),
                                    bearing_deg=rng.uniform(0, 360))
        r.lng, r.lat = (round(v, 6) for v in points[r.code])
    with ctx.progress("区划坐标", len(regions), "个") as bar:
        Region.objects.bulk_update(regions, ["lng", "lat"], batch_size=2000)
        bar.update(len(regions))


def _parent_code(region: Region) -> str:
    return codes_of(region.path)[-2]


def _make_grids(ctx: DemoContext) -> None:
    """3 to 8 grids under every urban community (grids are not in public data)."""
    rng = ctx.rng("grids")
    communities = [c for c in Region.objects.filter(level=Level.VILLAGE).order_by("code")
                   if is_urban_community(c.name)]
    existing = set(Region.objects.filter(level=Level.GRID).values_list("code", flat=True))
    grids: list[Region] = []
    for c in communities:
        for n in range(1, rng.randint(3, 8) + 1):
            code = f"{c.code}{n:03d}"
            if code in existing:
                continue
            lng, lat = offset(c.lng or 0, c.lat or 0, metres=rng.uniform(50, 400),
                              bearing_deg=rng.uniform(0, 360))
            grids.append(Region(code=code, name=f"第{n}网格", level=Level.GRID, parent=c,
                                path=f"{c.path}{code}{PATH_SEP}", lng=round(lng, 6),
                                lat=round(lat, 6)))
    with ctx.progress("生成网格", len(grids), "个") as bar:
        Region.objects.bulk_create(grids, batch_size=2000)
        bar.update(len(grids))
