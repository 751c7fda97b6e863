"""Plans and coverage as the API and the page show them (coordinates in the asked CRS)."""

from __future__ import annotations

from typing import Any

from nuanxin.kernel.coords import from_wgs84
from nuanxin.planning.selectors import Coverage, Plan, cell_features, region_ids
from nuanxin.regions.models import Region


def region_names(ids: set[int | None]) -> dict[int, tuple[str, str]]:
    """id -> (region name, county name)."""
    rows = {r.pk: r for r in Region.objects.filter(pk__in=[i for i in ids if i])}
    county_codes = {r.path.split("/")[1] for r in rows.values() if len(r.path.split("/")) > 2}
    counties = dict(Region.objects.filter(code__in=county_codes).values_list("code", "name"))
    out = {}
    for pk, r in rows.items():
        parts = r.path.split("/")
        out[pk] = (r.name, counties.get(parts[1], r.name) if len(parts) > 2 else r.name)
    return out


def plan_out(plan: Plan, crs: str) -> dict[str, Any]:
    names = region_names({s.region_id for s in plan.sites})
    total = plan.total_weight or 1.0
    sites = []
    for s in plan.sites:
        x, y = from_wgs84(s.lng, s.lat, crs)
        region, county = names.get(s.region_id or 0, ("", ""))
        sites.append({"key": s.key, "name": s.name, "kind": s.kind, "lng": x, "lat": y,
                      "region": region, "county": county, "gain": s.gain / total})
    return {"sites": sites, "covered_before": plan.covered_before,
            "covered_after": plan.covered_after, "gap": plan.gap, "solver": plan.solver,
            "status": plan.status, "seconds": plan.seconds, "candidates": plan.candidates}


def coverage_out(cov: Coverage, *, features: bool) -> dict[str, Any]:
    q = cov.query
    return {"region": q.region.code, "service": q.service, "radius": q.radius_m,
            "start": q.start, "end": q.end, "share": cov.share,
            "covered_weight": cov.covered_weight, "total_weight": cov.demand.total,
            "cells": len(cov.demand.cells), "hidden_cells": cov.demand.hidden_cells,
            "stations": _in_region(cov),
            "features": cell_features(cov) if features else None,
            "station_points": _station_points(cov) if features else None}


def _in_region(cov: Coverage) -> int:
    """Open stations offering the service inside the region (those outside cover too)."""
    ids = region_ids(cov.query.region)
    return sum(1 for s in cov.stations if s["region_id"] in ids)


def _station_points(cov: Coverage) -> list[dict[str, Any]]:
    """The stations offering the service around the region's demand, for the map."""
    d = cov.demand
    if not d.cells:
        return []
    pad = 0.03
    lo_x, hi_x = float(d.lng.min()) - pad, float(d.lng.max()) + pad
    lo_y, hi_y = float(d.lat.min()) - pad, float(d.lat.max()) + pad
    return [{"id": s["id"], "name": s["name"], "lng": s["lng"], "lat": s["lat"]}
            for s in cov.stations if lo_x <= s["lng"] <= hi_x and lo_y <= s["lat"] <= hi_y]
