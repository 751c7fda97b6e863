"""Stations for the department's figures: how many of each kind, and their service visits."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum

from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import Region
from nuanxin.regions.tally import Counts, Split, bucket, local_start, tallied
from nuanxin.stations.models import Station, StationDailyVisits, StationKind, StationStatus

SECTION = "stations"
# What each kind's figure says it counts (the seed page's names).
KIND_LABELS = {
    StationKind.WARM_STATION: "期末在用的标准化暖“新”驿站数",
    StationKind.SERVICE_CENTRE: "期末在用的惠民服务中心(站点)数",
    StationKind.RIDER_CANTEEN: "期末在用的小哥食堂数",
    StationKind.RIDER_PHARMACY: "期末在用的小哥药堂数",
    StationKind.FRIENDLY_PLACE: "期末在用的友好社区、商圈等友好场景数",
    StationKind.COMMUNITY_CENTRE: "期末在用的党群服务中心数",
    StationKind.UNION_STATION: "期末在用的工会驿站数",
    StationKind.TRAINING_BASE: "期末在用的培训/创业基地数",
}


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    out = bucket()
    split = Split(region, "region", per_child=per_child)
    stations = split.rows(Station.objects.filter(created_at__lt=local_start(end))
                          .exclude(status=StationStatus.CLOSED), "kind").annotate(n=Count("id"))
    for row in stations:
        out[split.key(row)][row["kind"]] += row["n"]
        out[split.key(row)]["total"] += row["n"]
    by_station = Split(region, "station__region", per_child=per_child)
    visits = by_station.rows(StationDailyVisits.objects.filter(day__gte=start, day__lt=end)
                             ).annotate(n=Sum("count"))
    for row in visits:
        out[by_station.key(row)]["visits"] += row["n"] or 0
    return out


def _present(c: Counts) -> dict[str, Figure]:
    figs = {kind.value: Figure(int(c[kind.value]), label, "个")
            for kind, label in KIND_LABELS.items()}
    figs["total"] = Figure(int(c["total"]), "期末在用的各类站点总数", "个",
                           {StationKind(k).label: figs[k].value or 0 for k in figs})
    figs["visits"] = Figure(int(c["visits"]), "期内各站点扫码服务人次", "人次")
    return figs


compute, compute_children = tallied(_tally, _present)
