"""The demo step reproduces Heze's station figures as records and gives the demo operator
stations in 东城街道."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from django.db.models import Count

from nuanxin.kernel.demo_context import DemoContext
from nuanxin.stations import demo
from nuanxin.stations.models import Station, StationDailyVisits, StationService


def test_demo_figures_and_operator(regions: Any, make_user: Any, api: Any) -> None:
    operator = make_user(("station_operator", "371702001"), phone="13900000006")
    ctx = DemoContext(seed=1, now=datetime(2026, 11, 30, 4, 0, tzinfo=UTC), out=io.StringIO(),
                      quiet=True)
    demo.build(ctx)
    counts = dict(Station.objects.values_list("kind").annotate(n=Count("id")))
    assert counts["warm_station"] == 465 and counts["service_centre"] == 2213
    assert counts["rider_canteen"] == 77 and counts["rider_pharmacy"] == 85
    assert counts["friendly_place"] >= 80 and counts["community_centre"] == 61
    mine = Station.objects.filter(operator=operator)
    assert mine.count() >= 3
    assert all(s.region.code.startswith("371702001") for s in mine)
    assert StationService.objects.count() > 10_000
    assert StationDailyVisits.objects.exists()
    # and the finder answers from the fresh data at once
    rows = api.get("/api/stations/nearest", {"lat": 35.24, "lng": 115.49, "limit": 5}).json()
    assert len(rows) == 5
