"""The demo season: every county gets demand, heaviest at the seats, and it survives the
threshold (the riders behind it are many)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker, WorkerKind
from nuanxin.planning import cells, demo
from nuanxin.planning.demand import demand_for
from nuanxin.planning.geo import metres_between
from nuanxin.planning.models import CellDemand
from nuanxin.planning.services import TZ
from nuanxin.regions.models import Region


@pytest.mark.django_db
def test_demo_season_covers_every_county_and_peaks_at_the_seats(
        regions: dict[str, Region], make_user: Callable[..., Any]) -> None:
    for code, n in (("371702001001", 40), ("371702002001", 25), ("371721001001", 30)):
        for _ in range(n):
            Worker.objects.create(user=make_user(), kind=WorkerKind.DELIVERY_RIDER,
                                  work_region=regions[code])
    now = datetime(2026, 11, 30, 12, tzinfo=TZ)
    demo.build(DemoContext(seed=7, now=now, out=io.StringIO(), quiet=True))
    days = set(CellDemand.objects.values_list("day", flat=True))
    assert min(days) == now.date() - timedelta(days=demo.DAYS - 1) and max(days) == now.date()
    start, end = min(days), max(days)
    for county in ("371702", "371721"):
        d = demand_for(regions[county], start, end)
        assert d.total > 0
        busiest = int(d.weight.argmax())
        seat = regions[county]
        lng, lat = cells.centre(d.cells[busiest])
        assert metres_between(lng, lat, seat.lng or 0, seat.lat or 0) < 3000
