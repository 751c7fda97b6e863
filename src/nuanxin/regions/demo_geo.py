"""Deterministic demo geography: points spread inside a parent, and the parent cut into cells.

Townships, villages and grids have no public boundaries, so the demo makes schematic
ones: the children's points are spread inside the parent (best-candidate sampling, so
they are evenly spaced, never clumped), then the parent is cut into the Voronoi cells
of those points. Each cell contains its own point, lies inside the parent, and the cells
together cover the parent: a point in the parent is in exactly one child.
"""

from __future__ import annotations

import math
import random

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

CANDIDATES = 12  # best-candidate sampling: the farthest of this many tries wins
M_PER_DEG = 111_320.0


def _random_inside(geom: BaseGeometry, gen: np.random.Generator, n: int,
                   around: tuple[float, float, float] | None = None) -> np.ndarray:
    """n uniform points inside `geom` (and within `around` = (lng, lat, metres) if given)."""
    xmin, ymin, xmax, ymax = geom.bounds
    if around is not None:
        lng, lat, metres = around
        dlat = metres / M_PER_DEG
        dlng = metres / (M_PER_DEG * math.cos(math.radians(lat)))
        xmin, xmax = max(xmin, lng - dlng), min(xmax, lng + dlng)
        ymin, ymax = max(ymin, lat - dlat), min(ymax, lat + dlat)
    out: list[np.ndarray] = []
    got = 0
    if xmin < xmax and ymin < ymax:
        for _ in range(50):
            m = max(4 * n, 64)
            # rounded as stored (1e-6 degrees), then tested: a point on an edge stays in
            xs = np.round(gen.uniform(xmin, xmax, m), 6)
            ys = np.round(gen.uniform(ymin, ymax, m), 6)
            ok = shapely.contains_xy(geom, xs, ys)
            if around is not None:
                ok &= _metres(xs, ys, around[0], around[1]) <= around[2]
            out.append(np.stack([xs[ok], ys[ok]], axis=1))
            got += int(ok.sum())
            if got >= n:
                return np.concatenate(out)[:n]
    if around is not None:  # a sliver or a tiny circle: the whole shape instead
        return _random_inside(geom, gen, n)
    return np.repeat(np.array([geom.representative_point().coords[0]]), n, axis=0)


def _metres(xs: np.ndarray, ys: np.ndarray, lng: float, lat: float) -> np.ndarray:
    k = math.cos(math.radians(lat))
    return np.hypot((xs - lng) * k, ys - lat) * M_PER_DEG


def spread(geom: BaseGeometry, n: int, rng: random.Random, *,
           fixed: list[tuple[float, float]] | None = None,
           around: tuple[float, float, float] | None = None) -> list[tuple[float, float]]:
    """n evenly spaced points inside `geom`, away from `fixed` ones (which it extends)."""
    taken = fixed if fixed is not None else []
    out: list[tuple[float, float]] = []
    if n <= 0:
        return out
    gen = np.random.default_rng(rng.randrange(2**63))
    pool = _random_inside(geom, gen, n * CANDIDATES, around)
    k = math.cos(math.radians((geom.bounds[1] + geom.bounds[3]) / 2))
    for i in range(n):
        cand = pool[i * CANDIDATES:(i + 1) * CANDIDATES]
        if taken:
            t = np.asarray(taken)
            d = np.min(np.hypot((cand[:, None, 0] - t[None, :, 0]) * k,
                                cand[:, None, 1] - t[None, :, 1]), axis=1)
            best = cand[int(np.argmax(d))]
        else:
            best = cand[0]
        p = (round(float(best[0]), 6), round(float(best[1]), 6))
        taken.append(p)
        out.append(p)
    return out


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of a clipping result (drops stray lines and points on shared edges)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    flat = [q for p in parts for q in shapely.get_parts(p) if q.area > 0]
    if not flat:
        return shapely.Polygon()
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)


def cells(parent: BaseGeometry, points: list[tuple[float, float]]) -> list[BaseGeometry]:
    """The parent cut into the Voronoi cells of `points`, in the order of the points."""
    if len(points) == 1:
        return [parent]
    mp = shapely.MultiPoint(points)
    voronoi = shapely.voronoi_polygons(mp, extend_to=parent, ordered=True)
    parts = list(shapely.get_parts(voronoi))
    if len(parts) != len(points):  # duplicate points: match cells to points by containment
        tree = shapely.STRtree(parts)
        parts = [parts[int(tree.query(shapely.Point(p), predicate="intersects")[0])]
                 for p in points]
    clipped = shapely.intersection(np.array(parts, dtype=object), parent)
    return [c if c.geom_type == "Polygon" else polygonal(c) for c in clipped]
