"""Demo step: Heze's real divisions and county boundaries, schematic shapes below them.

- Counties: the real polygons shipped in data/heze_counties.geojson (see SOURCE.md).
- The two development zones have no polygon of their own: their townships are placed
  inside the districts they were carved from (牡丹区; 陈集镇 from 定陶区), near the zone's
  seat, and a zone's boundary is the union of its townships' cells. Those districts'
  boundaries are their real polygons less the zones (so every point has one county).
- Townships, villages and grids: points spread inside the parent, and the parent cut
  into their Voronoi cells (regions.demo_geo), marked generated ("示意边界").
Every region's point lies inside its own boundary.
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from nuanxin.kernel.demo_context import DemoContext
from nuanxin.regions import demo_geo
from nuanxin.regions.importer import import_regions
from nuanxin.regions.levels import Level
from nuanxin.regions.models import PATH_SEP, Region
from nuanxin.regions.services import apply_boundary, save_shapes

ORDER = 10
DATA = Path(__file__).parent / "data"
URBAN_SUFFIXES = ("社区", "居委会", "居民委员会", "社区居委会", "社区居民委员会")
CITY = "371700"
# Development zone -> the district each of its townships was carved from.
ZONE_HOSTS = {"371771": {"371771101": "371703"}, "371772": {}}
ZONE_DEFAULT_HOST = "371702"
STREET_NEAR_SEAT_M = 7_000  # streets (街道) lie around the seat; towns spread further
ZONE_RADIUS_M = 9_000
URBAN_NEAR_M = 3_000  # urban communities lie near their street's point


def is_urban_community(name: str) -> bool:
    return name.endswith(URBAN_SUFFIXES)


def build(ctx: DemoContext) -> None:
    text = (DATA / "heze_divisions.csv").read_text(encoding="utf-8")
    total = text.count("\n") - 1
    with ctx.progress("导入菏泽区划", total, "个") as bar:
        import_regions(text, progress=bar.update)
    _make_grids(ctx)
    _shape(ctx)


def county_shapes() -> dict[str, BaseGeometry]:
    """The real county polygons (WGS-84) by code."""
    doc = json.loads((DATA / "heze_counties.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: shapely.from_geojson(json.dumps(f["geometry"]))
            for f in doc["features"]}


def _anchors() -> dict[str, tuple[float, float]]:
    with (DATA / "anchors.csv").open(encoding="utf-8") as f:
        return {r["code"]: (float(r["lng"]), float(r["lat"])) for r in csv.DictReader(f)}


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
            if code not in existing:
                grids.append(Region(code=code, name=f"第{n}网格", level=Level.GRID, parent=c,
                                    path=f"{c.path}{code}{PATH_SEP}"))
    with ctx.progress("生成网格", len(grids), "个") as bar:
        Region.objects.bulk_create(grids, batch_size=2000)
        bar.update(len(grids))


def _shape(ctx: DemoContext) -> None:
    """Points and boundaries for every region, top-down (see the module docstring)."""
    rng = ctx.rng("region-shapes")
    regions = list(Region.objects.order_by("path"))
    by_code = {r.code: r for r in regions}
    kids: dict[int, list[Region]] = defaultdict(list)
    for r in regions:
        if r.parent_id:
            kids[r.parent_id].append(r)
    real = county_shapes()
    anchors = _anchors()
    shape: dict[str, BaseGeometry] = {}
    point: dict[str, tuple[float, float]] = {}
    generated: set[str] = set()
    city = by_code[CITY]
    counties = kids[city.pk]
    # Townships: grouped by the real polygon they lie in (zones' townships in their hosts).
    hosted: dict[str, list[tuple[Region, tuple[float, float, float] | None]]] = defaultdict(list)
    for county in counties:
        for t in kids[county.pk]:
            if county.code in ZONE_HOSTS:
                host = ZONE_HOSTS[county.code].get(t.code, ZONE_DEFAULT_HOST)
                seat = anchors[county.code]
                hosted[host].append((t, (seat[0], seat[1], ZONE_RADIUS_M)))
            else:
                seat = anchors[county.code]
                near = t.name.endswith("街道")
                hosted[county.code].append((t, (seat[0], seat[1], STREET_NEAR_SEAT_M) if near
                                            else None))
    with ctx.progress("示意边界：街道(乡镇)", len(hosted), "个县区") as bar:
        for host, members in sorted(hosted.items()):
            geom = real[host]
            fixed: list[tuple[float, float]] = []
            at: dict[str, tuple[float, float]] = {}
            for around in dict.fromkeys(a for _, a in members):  # streets first, then towns
                group = [t for t, a in members if a == around]
                for t, p in zip(group, demo_geo.spread(geom, len(group), rng, fixed=fixed,
                                                       around=around), strict=True):
                    at[t.code] = p
            pts = [at[t.code] for t, _ in members]
            for (t, _), p, cell in zip(members, pts, demo_geo.cells(geom, pts), strict=True):
                shape[t.code], point[t.code] = cell, p
                generated.add(t.code)
            bar.update(1)
    for county in counties:
        if county.code in ZONE_HOSTS:
            shape[county.code] = shapely.union_all([shape[t.code] for t in kids[county.pk]])
            generated.add(county.code)
    for county in counties:
        if county.code in real:
            zones = [shape[z] for z in ZONE_HOSTS if z in shape]
            carved = demo_geo.polygonal(shapely.difference(real[county.code],
                                                           shapely.union_all(zones)))
            if abs(carved.area - real[county.code].area) > 1e-12:
                generated.add(county.code)  # real polygon less the schematic zones
            shape[county.code] = carved
        anchor = anchors.get(county.code)
        if anchor is not None and shapely.contains_xy(shape[county.code], *anchor):
            point[county.code] = anchor
        else:
            point[county.code] = _inner_point(shape[county.code])
    shape[CITY] = shapely.union_all(list(real.values()))
    point[CITY] = point["371702"]
    # Villages under townships, grids under urban communities.
    for level, desc in ((Level.TOWNSHIP, "示意边界：村(社区)"), (Level.VILLAGE, "示意边界：网格")):
        parents = [r for r in regions if r.level == level and kids[r.pk]]
        with ctx.progress(desc, len(parents), "个") as bar:
            for parent in parents:
                _cut(parent, kids[parent.pk], shape, point, rng)
                generated.update(c.code for c in kids[parent.pk])
                bar.update(1)
    for r in regions:
        apply_boundary(r, shape[r.code], generated=r.code in generated)
        r.lng, r.lat = point[r.code]
    with ctx.progress("保存边界", len(regions), "个") as bar:
        save_shapes(regions, points=True)
        bar.update(len(regions))


def _cut(parent: Region, children: list[Region], shape: dict[str, BaseGeometry],
         point: dict[str, tuple[float, float]], rng: random.Random) -> None:
    geom = shape[parent.code]
    seat = point[parent.code]
    urban = [c for c in children if is_urban_community(c.name)]
    rest = [c for c in children if not is_urban_community(c.name)]
    fixed: list[tuple[float, float]] = []
    pts: dict[str, tuple[float, float]] = {}
    for group, around in ((urban, (seat[0], seat[1], URBAN_NEAR_M)), (rest, None)):
        for c, p in zip(group, demo_geo.spread(geom, len(group), rng, fixed=fixed,
                                               around=around), strict=True):
            pts[c.code] = p
    ordered = [pts[c.code] for c in children]
    for c, p, cell in zip(children, ordered, demo_geo.cells(geom, ordered), strict=True):
        shape[c.code], point[c.code] = cell, p


def _inner_point(geom: BaseGeometry) -> tuple[float, float]:
    p = geom.representative_point()
    return round(p.x, 6), round(p.y, 6)
