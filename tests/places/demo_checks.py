"""Checks over a built demo: every place lies inside its own region's boundary."""

from __future__ import annotations

import numpy as np
import shapely

from nuanxin.activities.models import Activity
from nuanxin.regions.models import Region
from nuanxin.reports.models import Report
from nuanxin.stations.models import Station


def outside(rows: list[tuple[int, float, float, int]], shapes: dict[int, object]) -> list[int]:
    """Ids of rows (id, lng, lat, region id) whose point is not in the region's boundary."""
    bad = []
    by_region: dict[int, list[tuple[int, float, float]]] = {}
    for pk, lng, lat, region_id in rows:
        by_region.setdefault(region_id, []).append((pk, lng, lat))
    for region_id, items in by_region.items():
        geom = shapes.get(region_id)
        if geom is None:
            bad += [pk for pk, _, _ in items]
            continue
        xs = np.array([i[1] for i in items])
        ys = np.array([i[2] for i in items])
        inside = shapely.contains_xy(geom, xs, ys)
        bad += [pk for (pk, _, _), ok in zip(items, inside, strict=True) if not ok]
    return bad


def region_shapes() -> dict[int, object]:
    out = {}
    for pk, text in Region.objects.exclude(boundary="").values_list("pk", "boundary"):
        geom = shapely.from_geojson(text)
        shapely.prepare(geom)
        out[pk] = geom
    return out


def violations() -> dict[str, list[int]]:
    shapes = region_shapes()
    return {
        "regions without a boundary": list(
            Region.objects.filter(boundary="").values_list("pk", flat=True)),
        "region points": outside(list(Region.objects.values_list("pk", "lng", "lat", "pk")),
                                 shapes),
        "stations": outside(list(Station.objects.values_list("pk", "lng", "lat", "region_id")),
                            shapes),
        "reports (home)": outside(list(Report.objects.values_list(
            "pk", "lng", "lat", "home_region_id")), shapes),
        "reports (handler)": outside(list(Report.objects.values_list(
            "pk", "lng", "lat", "region_id")), shapes),
        "activity venues": outside(list(Activity.objects.values_list(
            "pk", "lng", "lat", "region_id")), shapes),
    }
