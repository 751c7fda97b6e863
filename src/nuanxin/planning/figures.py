"""Dashboard figures: how much rider demand the stations reach (1 km, open, per service).

Counted from the demand cells of the region's subtree in [start, end) after the privacy
threshold, and the stations as they are now.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from nuanxin.kernel.figures import Figure
from nuanxin.planning import mclp
from nuanxin.planning.demand import demand_for
from nuanxin.planning.selectors import RADIUS_DEFAULT_M, service_stations
from nuanxin.regions.models import Region

SECTION = "planning"
SERVICES = {"toilet": "卫生间", "meal_heating": "热饭", "ebike_charging": "电动车充电"}


def compute(*, region: Region, start: date, end: date) -> dict[str, Figure]:
    if end <= start:
        return {}
    demand = demand_for(region, start, end - timedelta(days=1))
    total = demand.total
    out = {"demand_cells": Figure(len(demand.cells), "有骑手需求的单元（H3，约0.74平方公里）",
                                  "个")}
    for code, label in SERVICES.items():
        offering = service_stations(code)
        covered = mclp.covered_by(demand.lng, demand.lat,
                                  np.array([s["lng"] for s in offering], dtype=float),
                                  np.array([s["lat"] for s in offering], dtype=float),
                                  RADIUS_DEFAULT_M)
        share = float(demand.weight[covered].sum()) / total if total else None
        out[f"coverage_{code}"] = Figure(
            None if share is None else round(share * 100, 1),
            f"1公里内有开放的{label}站点的骑手需求占比", "%")
    return out
