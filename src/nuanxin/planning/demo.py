"""Demo step: a season (91 days) of rider demand on H3 cells, from the demo's riders.

Where riders ask: around the villages and communities they work in (in proportion to the
riders there), much more in the county seats and the streets' business districts, and
along the main roads between the seats; all eleven county units. Each cell has a pool of
riders who frequent it; a day's asks come from that pool, so the same rider counts once
across the season in the contributor sketch (tokens `demo:<cell>:<n>`, never a person).
"""

from __future__ import annotations

from datetime import date, timedelta

import h3
import numpy as np
from django.db.models import Count

from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker
from nuanxin.planning import cells, sketch
from nuanxin.planning.models import DemandSource
from nuanxin.planning.services import Tally, add_demand, shanghai_day
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

ORDER = 80
DAYS = 91
SEAT_RINGS = 3  # cells around each county seat (about 2.5 km)


def _intensities(ctx: DemoContext) -> dict[str, tuple[float, int]]:
    """cell -> (mean asks per day, riders who frequent it)."""
    out: dict[str, list[float]] = {}

    def put(cell: str, rate: float, pool: float) -> None:
        cur = out.setdefault(cell, [0.0, 0.0])
        cur[0] += rate
        cur[1] += pool

    riders = dict(Worker.objects.values_list("work_region_id").annotate(n=Count("id")))
    villages = Region.objects.filter(level=Level.VILLAGE, lng__isnull=False)
    for vid, lng, lat in villages.values_list("id", "lng", "lat"):
        n = riders.get(vid, 0)
        if n and lng is not None and lat is not None:
            put(cells.cell_of(lng, lat), 0.012 * n, n)
    counties = list(Region.objects.filter(level=Level.COUNTY, lng__isnull=False)
                    .order_by("code").values_list("id", "code", "lng", "lat"))
    county_riders: dict[int, int] = {}
    for vid, path in villages.values_list("id", "path"):
        code = path.split("/")[1]
        cid = next((c[0] for c in counties if c[1] == code), None)
        if cid is not None:
            county_riders[cid] = county_riders.get(cid, 0) + riders.get(vid, 0)
    seat_cells = []
    for cid, _code, lng, lat in counties:
        assert lng is not None and lat is not None
        seat = cells.cell_of(lng, lat)
        seat_cells.append(seat)
        n = county_riders.get(cid, 500)
        for ring in range(SEAT_RINGS + 1):
            for c in h3.grid_ring(seat, ring):
                put(c, 0.004 * n * 0.55 ** ring, 0.05 * n * 0.6 ** ring)
    # business districts: the streets (街道) around the seats
    for lng, lat in Region.objects.filter(level=Level.TOWNSHIP, name__endswith="街道",
                                          lng__isnull=False).values_list("lng", "lat"):
        assert lng is not None and lat is not None
        centre = cells.cell_of(lng, lat)
        for ring in range(2):
            for c in h3.grid_ring(centre, ring):
                put(c, 2.5 * 0.5 ** ring, 30 * 0.6 ** ring)
    # main roads: each seat to the city seat and to its nearest neighbour
    city = seat_cells[0] if seat_cells else None
    for i, seat in enumerate(seat_cells):
        others = [s for j, s in enumerate(seat_cells) if j != i]
        if not others:
            continue
        near = min(others, key=lambda s: h3.grid_distance(seat, s))
        for target in {near, city} - {seat, None}:
            assert target is not None
            for c in h3.grid_path_cells(seat, target)[1:-1]:
                put(c, 0.9, 12)
    del ctx
    return {c: (v[0], max(1, round(v[1]))) for c, v in out.items()}


def build(ctx: DemoContext) -> None:
    plan = _intensities(ctx)
    rng = np.random.default_rng(ctx.seed * 1000 + 17)
    keys = sorted(plan)
    rate = np.array([plan[c][0] for c in keys])
    pool = np.array([plan[c][1] for c in keys])
    last: date = shanghai_day(ctx.now)
    with ctx.progress("生成一季度骑手需求(H3单元)", DAYS, "天") as bar:
        for back in range(DAYS - 1, -1, -1):
            day = last - timedelta(days=back)
            busy = 1.15 if day.weekday() < 5 else 0.8
            asks = rng.poisson(rate * busy)
            tallies: dict[tuple[str, date], Tally] = {}
            for i in np.flatnonzero(asks):
                n = int(asks[i])
                people = np.unique(rng.integers(0, int(pool[i]), n))
                t = Tally(count=n)
                for p in people.tolist():
                    sketch.add(t.registers, f"demo:{keys[i]}:{p}")
                tallies[(keys[i], day)] = t
            add_demand(tallies=tallies, source=DemandSource.DEMO, replace=True)
            bar.update(1)
    ctx.shared["planning_cells"] = len(keys)
