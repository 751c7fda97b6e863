"""Reading demand for a region and period, with the privacy threshold applied.

Cells with fewer distinct contributors than the threshold are merged into their parent
cell; a parent that is still too sparse is left out. The caller never sees a sparse cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from nuanxin.planning import cells, sketch
from nuanxin.planning.models import CellDemand
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q


@dataclass
class Demand:
    cells: list[str]
    weight: np.ndarray  # asks per cell in the period
    lng: np.ndarray
    lat: np.ndarray
    hidden_cells: int  # cells too sparse to show even merged into their parent
    hidden_weight: float

    @property
    def total(self) -> float:
        return float(self.weight.sum())


def _aggregate(keys: list[str], counts: np.ndarray, regs: np.ndarray
               ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sum counts and merge sketches per key."""
    if not keys:
        return [], np.zeros(0), np.zeros((0, sketch.REGISTERS), dtype=np.uint8)
    uniq, inv = np.unique(np.asarray(keys), return_inverse=True)
    total = np.bincount(inv, weights=counts, minlength=len(uniq))
    merged = np.zeros((len(uniq), sketch.REGISTERS), dtype=np.uint8)
    np.maximum.at(merged, inv, regs)
    return [str(u) for u in uniq], total, merged


def demand_for(region: Region, start: date, end: date, *, min_contributors: int | None = None
               ) -> Demand:
    """Demand in `region`'s subtree over [start, end] (days inclusive), threshold applied."""
    t = cells.threshold() if min_contributors is None else min_contributors
    rows = list(CellDemand.objects.filter(subtree_q(region.path, "region__path"),
                                          day__gte=start, day__lte=end)
                .values_list("cell", "count", "contributors"))
    keys = [r[0] for r in rows]
    counts = np.array([r[1] for r in rows], dtype=float)
    regs = sketch.as_matrix([bytes(r[2]) for r in rows])
    keys, counts, regs = _aggregate(keys, counts, regs)
    people = sketch.estimate_many(regs)
    ok = people >= t
    kept = [k for k, good in zip(keys, ok, strict=True) if good]
    kept_w = list(counts[ok])
    sparse_idx = np.flatnonzero(~ok)
    hidden_cells, hidden_w = 0, 0.0
    if len(sparse_idx):
        parents = [cells.parent(keys[i]) for i in sparse_idx]
        p_keys, p_counts, p_regs = _aggregate(parents, counts[sparse_idx], regs[sparse_idx])
        p_ok = sketch.estimate_many(p_regs) >= t
        for k, c, good in zip(p_keys, p_counts, p_ok, strict=True):
            if good:
                kept.append(k)
                kept_w.append(float(c))
            else:
                hidden_cells += 1
                hidden_w += float(c)
    pts = [cells.centre(k) for k in kept]
    return Demand(cells=kept, weight=np.array(kept_w, dtype=float),
                  lng=np.array([p[0] for p in pts], dtype=float),
                  lat=np.array([p[1] for p in pts], dtype=float),
                  hidden_cells=hidden_cells, hidden_weight=hidden_w)
