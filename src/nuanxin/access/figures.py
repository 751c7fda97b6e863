"""Access for the department's figures: opted-in communities, access bikes, parking points,
trips, overdue and damaged bikes (each split by community), passes and gate scans.

Stock figures (communities, bikes, points, passes, bikes out of service) are as of now;
flows (trips, overdue trips, scans) fall in the half-open period [start, end) in Shanghai time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from nuanxin.access.models import Bike, Community, ParkingPoint, RiderPass, Scan, Trip
from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q

SECTION = "access"


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _by_community(rows: Sequence[Mapping[str, Any]]) -> dict[str, int | float]:
    out: Counter[str] = Counter()
    for row in rows:
        out[str(row["cname"])] += int(row["n"])
    return dict(out)


def compute(*, region: Region, start: date, end: date) -> dict[str, Figure]:
    t0, t1 = _start(start), _start(end)
    here = subtree_q(region.path, "community__region__path")
    name = "community__region__name"
    bikes = list(Bike.objects.filter(here).values(cname=F(name)).annotate(n=Count("id")))
    damaged = list(Bike.objects.filter(here, in_service=False).values(cname=F(name))
                   .annotate(n=Count("id")))
    points = list(ParkingPoint.objects.filter(here).values(cname=F(name)).annotate(n=Count("id")))
    trip_here = subtree_q(region.path, "bike__community__region__path")
    trips = list(Trip.objects.filter(trip_here, started_at__gte=t0, started_at__lt=t1)
                 .values(cname=F("bike__community__region__name"))
                 .annotate(n=Count("id"), late=Count("id", filter=Q(overdue=True))))
    scans = Scan.objects.filter(here, scanned_at__gte=t0, scanned_at__lt=t1).aggregate(
        n=Count("id"), valid=Count("id", filter=Q(result=Scan.Result.VALID)))
    now = timezone.now()
    passes = RiderPass.objects.filter(subtree_q(region.path, "worker__work_region__path"),
                                      revoked_at__isnull=True, expires_at__gt=now).count()
    communities = Community.objects.filter(subtree_q(region.path, "region__path"),
                                           opted_in=True).count()
    return {
        "communities": Figure(communities, "开通骑手通行的小区", "个"),
        "bikes": Figure(sum(int(r["n"]) for r in bikes), "畅行自行车", "辆", _by_community(bikes)),
        "parking_points": Figure(sum(int(r["n"]) for r in points), "畅行自行车停放点", "个",
                                 _by_community(points)),
        "trips": Figure(sum(int(r["n"]) for r in trips), "期内借车次数", "次",
                        _by_community(trips)),
        "overdue": Figure(sum(int(r["late"]) for r in trips), "期内超时归还或未还的借车", "次",
                          _by_community([{"cname": r["cname"], "n": r["late"]} for r in trips
                                         if r["late"]])),
        "damaged": Figure(sum(int(r["n"]) for r in damaged), "因损坏停用的畅行自行车（当前）",
                          "辆", _by_community(damaged)),
        "passes": Figure(passes, "有效的骑手通行证（按工作地）", "张"),
        "scans": Figure(scans["n"], "期内门岗扫码次数", "次",
                        {"有效": scans["valid"], "无效": scans["n"] - scans["valid"]}
                        if scans["n"] else {}),
    }

