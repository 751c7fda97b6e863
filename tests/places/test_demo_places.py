"""The whole demo: every region has a boundary, and every station, report, activity venue
and region point lies inside its own region's boundary."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
import shapely
from django.core.management import call_command

import nuanxin.people.demo as people_demo
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import children_features, locate
from nuanxin.reports.models import Report
from nuanxin.stations.models import Station

from .demo_checks import violations

pytestmark = pytest.mark.django_db


def test_every_demo_record_lies_inside_its_region(monkeypatch: Any) -> None:
    # Workers carry a work region, not a point: fewer of them keep the test short.
    monkeypatch.setattr(people_demo, "TOTAL_WORKERS", 300)
    call_command("demo", stdout=StringIO())
    assert Station.objects.count() > 2900 and Report.objects.count() > 300
    assert violations() == {
        "regions without a boundary": [], "region points": [], "stations": [],
        "reports (home)": [], "reports (handler)": [], "activity venues": []}
    # Real counties, schematic below; the development zones are made of their townships.
    assert not Region.objects.get(code="371721").boundary_generated
    assert Region.objects.get(code="371771").boundary_generated
    town = shapely.from_geojson(Region.objects.get(code="371771101").boundary)  # 陈集镇
    assert shapely.from_geojson(Region.objects.get(code="371703").boundary).intersection(
        town).area < town.area * 0.01  # carved out of 定陶区
    # Children cover their parent: the townships of 曹县 add up to the county.
    county = shapely.from_geojson(Region.objects.get(code="371721").boundary)
    kids = children_features(Region.objects.get(code="371721"))
    assert kids["generated"] is True
    total = sum(shapely.geometry.shape(f["geometry"]).area for f in kids["features"])
    assert abs(total - county.area) / county.area < 1e-6
    # The demo grid: its own point is in it, by boundary.
    grid = Region.objects.get(code="371702001001001")
    where = locate(grid.lng or 0, grid.lat or 0)
    assert where.matched == "boundary" and where.place == "东城街道·东安社区·第1网格"
