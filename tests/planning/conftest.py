"""Planner fixtures: stations and demand placed in metres around real Heze points."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from nuanxin.planning import cells, locate, services, sketch
from nuanxin.planning.models import CellDemand, DemandSource
from nuanxin.planning.services import Tally, add_demand
from nuanxin.regions.geo import offset
from nuanxin.regions.models import Region
from nuanxin.stations import index
from nuanxin.stations.models import Station
from nuanxin.stations.services import StationData, create_station

DONGCHENG = (115.4900, 35.2400)  # 东城街道, 牡丹区
DAY = date(2026, 11, 20)
ALWAYS = {"always": True}


@pytest.fixture(autouse=True)
def fixed_sketch_key(settings: Any) -> None:
    """The test run's SECRET_KEY is random; with a fixed one the sketches' register
    collisions (and so the estimates near the threshold) are the same on every run."""
    settings.SECRET_KEY = "planning-tests: a fixed key for reproducible sketches"


@pytest.fixture(autouse=True)
def fresh_state() -> Iterator[None]:
    index.reset()
    locate.reset()
    services._buffer.take()  # finder asks buffered by earlier tests in this process
    yield
    index.reset()
    locate.reset()


def at(metres: float, bearing: float, origin: tuple[float, float] = DONGCHENG
       ) -> tuple[float, float]:
    return offset(*origin, metres=metres, bearing_deg=bearing)


@pytest.fixture
def make_station(regions: dict[str, Region]) -> Callable[..., Station]:
    def make(name: str, lng: float, lat: float, *, kind: str = "warm_station",
             region: str = "371702001001", services: list[str] | None = None,
             status: str = "open") -> Station:
        s = create_station(StationData(
            name=name, kind=kind, address=f"{name}门口", region=regions[region], lng=lng,
            lat=lat, phone="0530-5550000", hours=ALWAYS,
            services={c: "" for c in services or []}, operator=None), by=None)
        if status != "open":
            Station.objects.filter(pk=s.pk).update(status=status)
        return s

    return make


def put_demand(lng: float, lat: float, *, asks: int, people: int, day: date = DAY,
               source: str = DemandSource.DEMO, tag: str = "") -> str:
    """`asks` asks by `people` distinct riders in the cell of (lng, lat); returns the cell."""
    cell = cells.cell_of(lng, lat)
    t = Tally(count=asks)
    for i in range(people):
        sketch.add(t.registers, f"test:{tag}{cell}:{i}")
    add_demand(tallies={(cell, day): t}, source=source)
    return cell


@pytest.fixture
def demand_rows() -> Callable[[], list[CellDemand]]:
    return lambda: list(CellDemand.objects.order_by("cell", "day"))


def build_county(make_station: Callable[..., Station], day: date) -> dict[str, Any]:
    """牡丹区: one open station with a toilet; demand near it and in two places it misses;
    community centres without a toilet near those places."""
    home = make_station("东城暖新驿站", *at(0, 0), services=["toilet", "water"])
    make_station("关闭的驿站", *at(3000, 90), services=["toilet"], status="closed")
    a = make_station("东城党群服务中心", *at(3000, 90), kind="community_centre",
                     services=["water"])
    b = make_station("西城惠民服务站", *at(3000, 270), kind="service_centre",
                     region="371702002001", services=["rest"])
    make_station("有卫生间的服务站", *at(9000, 0), kind="service_centre", services=["toilet"])
    put_demand(*at(200, 45), asks=60, people=8, tag="near", day=day)  # covered
    put_demand(*at(3000, 90), asks=30, people=6, tag="east", day=day)
    put_demand(*at(3300, 270), asks=10, people=7, tag="west", day=day)
    return {"home": home, "east": a, "west": b}
