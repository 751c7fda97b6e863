"""What the dashboard page shows: figures with their links, the children's choropleth
values, the breadcrumb and the monthly trends, from the cached figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import STAFF_ROLES
from nuanxin.dashboard import sections, selectors
from nuanxin.dashboard.periods import Period
from nuanxin.dashboard.present import text
from nuanxin.kernel.figures import Figure
from nuanxin.regions import selectors as region_selectors
from nuanxin.regions.models import Region

DEFAULT_METRIC = "workers.total"
MODES = {"count": "数量", "rate": "每千名新就业群体"}
# Figures whose records can be listed: section.key -> the records page's `which`.
RECORDS = {"reports.waiting": "waiting", "reports.due_soon": "due_soon",
           "reports.overdue": "overdue"}
TRENDS = ["reports.received", "activities.participants", "points.issued", "workers.new"]


@dataclass
class Item:
    key: str  # section.key
    fig: Figure
    text: str
    link: str
    records: str = ""


@dataclass
class Section:
    name: str
    title: str
    items: list[Item] = field(default_factory=list)


def query(region: Region, period: Period, **extra: str) -> str:
    params = {"region": region.code, "from": period.start.isoformat(),
              "to": period.last.isoformat(), **extra}
    return urlencode(params)


def pick(figs: sections.Figures, metric: str) -> Figure | None:
    section, _, key = metric.partition(".")
    return figs.get(section, {}).get(key)


def value_for(figs: sections.Figures, metric: str, mode: str) -> float | None:
    """The metric as a count, or per 1,000 workers (a percentage stays as it is)."""
    fig = pick(figs, metric)
    if fig is None or fig.value is None:
        return None
    if mode != "rate" or fig.unit == "%":
        return float(fig.value)
    workers = pick(figs, "workers.total")
    base = workers.value if workers is not None else None
    return round(1000 * float(fig.value) / base, 2) if base else None


def section_items(region: Region, period: Period, figs: sections.Figures,
                  mode: str) -> list[Section]:
    out = []
    for name, keys in figs.items():
        sec = Section(name, sections.title(name))
        for key, fig in keys.items():
            metric = f"{name}.{key}"
            which = RECORDS.get(metric, "")
            sec.items.append(Item(
                metric, fig, text(fig),
                link="/dashboard/?" + query(region, period, metric=metric, mode=mode),
                records=("/dashboard/records/?" + query(region, period, which=which))
                if which else ""))
        out.append(sec)
    return out


def breadcrumb(user: Any, region: Region) -> list[Region]:
    """The region's ancestors the user may open, top down, and the region itself."""
    scope = region_scope(user, roles=STAFF_ROLES)
    return [r for r in region_selectors.ancestors(region) if scope.covers(r)]


def map_features(region: Region, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Children as GeoJSON: their boundaries when known, else their points."""
    by_code = {r["code"]: r for r in rows}
    finder = getattr(region_selectors, "children_features", None)
    shapes: dict[str, Any] = {}
    if finder is not None:
        try:
            found = finder(region) or {}
        except Exception:  # boundaries are optional: points still show the values
            found = {}
        for feat in found.get("features", []):
            code = str((feat.get("properties") or {}).get("code", ""))
            if feat.get("geometry") and code in by_code:
                shapes[code] = feat["geometry"]
    features = []
    for row in rows:
        geometry = shapes.get(row["code"])
        if geometry is None and row["lng"] is not None and row["lat"] is not None:
            geometry = {"type": "Point", "coordinates": [row["lng"], row["lat"]]}
        if geometry is not None:
            features.append({"type": "Feature", "geometry": geometry, "properties": {
                k: row[k] for k in ("code", "name", "value", "text", "link")}})
    return {"type": "FeatureCollection", "features": features,
            "boundaries": bool(shapes)}


def child_rows(region: Region, period: Period, kids: list[tuple[Region, sections.Figures]],
               metric: str, mode: str) -> list[dict[str, Any]]:
    rows = []
    for kid, figs in kids:
        value = value_for(figs, metric, mode)
        fig = pick(figs, metric)
        rows.append({
            "code": kid.code, "name": kid.name, "lng": kid.lng, "lat": kid.lat,
            "value": value, "figs": figs,
            "text": "—" if value is None else (text(fig) if mode == "count" or fig is None
                                                or fig.unit == "%" else f"{value:g}‰"),
            "link": "/dashboard/?" + query(kid, period, metric=metric, mode=mode),
        })
    return rows


def trends(region: Region, period: Period) -> dict[str, Any]:
    snap = selectors.monthly(region, period)
    months = [f"{m.start:%Y-%m}" for m, _ in snap.value]
    series = []
    for metric in TRENDS:
        first = next((pick(f, metric) for _, f in snap.value if pick(f, metric)), None)
        if first is None:
            continue
        series.append({"name": first.label, "unit": first.unit,
                       "data": [getattr(pick(f, metric), "value", None)
                                for _, f in snap.value]})
    return {"months": months, "series": series, "stamp": snap.stamp}
