"""The planner's API: coverage share, best sites, what-if, xlsx, scope and bad input."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from nuanxin.planning.models import CandidateSite, CellDemand
from nuanxin.regions.models import Region
from tests.planning.conftest import DAY, at, build_county

PERIOD = {"start": "2026-11-01", "end": "2026-11-30"}


@pytest.fixture
def county(regions: dict[str, Region], make_station: Callable[..., Any]) -> dict[str, Any]:
    return build_county(make_station, DAY)


@pytest.fixture
def staff(make_user: Callable[..., Any], api_as: Callable[[Any], Any]) -> Any:
    return api_as(make_user(("county_staff", "371702")))


def test_coverage_share_counts_only_open_stations_with_the_service(
        county: dict[str, Any], staff: Any) -> None:
    r = staff.get("/api/planning/coverage", {"region": "371702", "service": "toilet", **PERIOD,
                                             "cells": "true"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["share"] == pytest.approx(60 / 100)
    assert (body["cells"], body["stations"], body["radius"]) == (3, 2, 1000)
    assert sorted((f["weight"], f["covered"]) for f in body["features"]) == [
        (10, False), (30, False), (60, True)]
    assert len(body["features"][0]["ring"]) == 6  # a hexagon for the map
    # water: both the station and the community centre offer it
    r = staff.get("/api/planning/coverage", {"region": "371702", "service": "water", **PERIOD})
    assert r.json()["share"] == pytest.approx(90 / 100)
    # a 20-minute ride (5 km at 15 km/h) reaches the eastern demand too
    r = staff.get("/api/planning/coverage", {"region": "371702", "service": "toilet",
                                             "minutes": 20, **PERIOD})
    assert r.json()["radius"] == 5000 and r.json()["share"] == pytest.approx(1.0)


def test_best_sites_exact_and_greedy(county: dict[str, Any], staff: Any) -> None:
    body = {"region": "371702", "service": "toilet", "k": 1, **PERIOD}
    r = staff.post("/api/planning/sites", body)
    assert r.status_code == 200, r.content
    out = r.json()
    assert [s["name"] for s in out["sites"]] == ["东城党群服务中心"]
    assert out["sites"][0]["county"] == "牡丹区" and out["sites"][0]["region"] == "东安社区居委会"
    assert out["covered_before"] == pytest.approx(0.6)
    assert out["covered_after"] == pytest.approx(0.9)
    assert out["sites"][0]["gain"] == pytest.approx(0.3)
    assert out["solver"] == "highs" and out["status"] == "optimal" and out["gap"] <= 1e-4
    assert out["candidates"] == 2  # the closed station and the one with a toilet are not
    r = staff.post("/api/planning/sites", {**body, "k": 2, "solver": "greedy"})
    assert r.json()["solver"] == "greedy"
    assert {s["name"] for s in r.json()["sites"]} == {"东城党群服务中心", "西城惠民服务站"}
    assert r.json()["covered_after"] == pytest.approx(1.0)


def test_staff_added_cells_and_given_points_are_candidates(
        county: dict[str, Any], staff: Any) -> None:
    lng, lat = at(3300, 270)
    r = staff.post("/api/planning/candidates", {"lng": lng, "lat": lat, "name": "西城候选点"})
    assert r.status_code == 201, r.content
    assert CandidateSite.objects.get().name == "西城候选点"
    r = staff.post("/api/planning/sites", {"region": "371702", "service": "toilet", "k": 3,
                                           **PERIOD})
    assert r.json()["candidates"] == 3
    assert "西城候选点" in {s["name"] for s in r.json()["sites"]}
    # a caller's own points replace the default candidates
    e_lng, e_lat = at(3000, 90)
    r = staff.post("/api/planning/sites", {"region": "371702", "service": "toilet", "k": 1,
                                           "candidates": [{"lng": e_lng, "lat": e_lat,
                                                           "name": "甲"}], **PERIOD})
    assert [s["name"] for s in r.json()["sites"]] == ["甲"]


def test_what_if_closing_and_adding(county: dict[str, Any], staff: Any) -> None:
    base = {"region": "371702", "service": "toilet", **PERIOD}
    r = staff.post("/api/planning/whatif", {**base, "close": [county["home"].pk]})
    assert r.status_code == 200, r.content
    assert r.json()["before"] == pytest.approx(0.6) and r.json()["after"] == pytest.approx(0)
    assert r.json()["closed"] == ["东城暖新驿站"]
    lng, lat = at(3000, 90)
    r = staff.post("/api/planning/whatif", {**base, "add": [{"lng": lng, "lat": lat}]})
    assert r.json()["change"] == pytest.approx(0.3)


def test_xlsx_export_has_sites_coverage_and_regions(county: dict[str, Any], staff: Any) -> None:
    r = staff.post("/api/planning/sites.xlsx", {"region": "371702", "service": "toilet",
                                                "k": 2, **PERIOD})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["建议站址", "覆盖率", "分区覆盖"]
    names = [row[1] for row in wb["建议站址"].iter_rows(min_row=2, values_only=True)]
    assert set(names) == {"东城党群服务中心", "西城惠民服务站"}
    summary = dict(wb["覆盖率"].iter_rows(min_row=1, values_only=True))
    assert summary["现有覆盖率"] == 0.6 and summary["新增后覆盖率"] == 1.0
    counties = list(wb["分区覆盖"].iter_rows(min_row=2, values_only=True))
    assert counties == [("牡丹区", 100, 0.6, 1.0)]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"k": 0}, "k", "k 应在 1 到 2"),
    ({"k": 3}, "k", "候选站址数"),
    ({"service": "spa"}, "service", "未知的服务项目"),
    ({"radius": 50}, "radius", "服务半径应在"),
    ({"radius": 20000}, "radius", "服务半径应在"),
    ({"minutes": 90}, "minutes", "骑行分钟"),
    ({"region": "999999"}, "region", "区划不存在"),
    ({"solver": "magic"}, "solver", "求解方式"),
    ({"candidates": [{"lng": 2.0, "lat": 48.0}]}, "candidates", "不在中国境内"),
])
def test_bad_input_is_a_chinese_4xx_naming_the_field_and_stores_nothing(
        county: dict[str, Any], staff: Any, change: dict[str, Any], field: str,
        words: str) -> None:
    rows = CellDemand.objects.count()
    r = staff.post("/api/planning/sites", {"region": "371702", "service": "toilet", "k": 1,
                                           **PERIOD, **change})
    assert r.status_code in (400, 404), r.content
    assert r.json()["field"] == field and words in r.json()["detail"]
    assert CellDemand.objects.count() == rows and not CandidateSite.objects.exists()


def test_a_missing_k_is_refused_in_chinese(county: dict[str, Any], staff: Any) -> None:
    r = staff.post("/api/planning/sites", {"region": "371702", "service": "toilet"})
    assert r.status_code == 422 and r.json()["field"] == "k"


def test_staff_in_scope_only(county: dict[str, Any], make_user: Callable[..., Any],
                             api_as: Callable[[Any], Any], api: Any) -> None:
    q = {"region": "371702", "service": "toilet", **PERIOD}
    cao = api_as(make_user(("county_staff", "371721")))
    r = cao.get("/api/planning/coverage", q)
    assert r.status_code == 403 and r.json()["field"] == "region"
    rider = api_as(make_user(("worker", "371702")))
    assert rider.get("/api/planning/coverage", q).status_code == 403
    assert api.get("/api/planning/coverage", q).status_code == 401
    town = api_as(make_user(("township_staff", "371702001")))
    assert town.get("/api/planning/coverage", {**q, "region": "371702001"}).status_code == 200
    assert town.post("/api/planning/candidates", {"lng": at(3300, 270)[0],
                                                  "lat": at(3300, 270)[1],
                                                  "name": "越界"}).status_code == 403
    assert not CandidateSite.objects.exists()


def test_dashboard_figures_count_the_covered_demand(county: dict[str, Any],
                                                    regions: dict[str, Region]) -> None:
    from datetime import date

    from nuanxin.planning import figures

    out = figures.compute(region=regions["371702"], start=date(2026, 11, 1),
                          end=date(2026, 12, 1))
    assert out["demand_cells"].value == 3
    assert out["coverage_toilet"].value == 60.0 and out["coverage_toilet"].unit == "%"
    assert out["coverage_meal_heating"].value == 0.0
    empty = figures.compute(region=regions["371721"], start=date(2026, 11, 1),
                            end=date(2026, 12, 1))
    assert empty["demand_cells"].value == 0 and empty["coverage_toilet"].value is None


def test_what_if_cannot_name_another_regions_station(county: dict[str, Any], staff: Any,
                                                     make_station: Any) -> None:
    other = make_station("曹县驿站", 115.54, 34.83, region="371721001001", services=["toilet"])
    r = staff.post("/api/planning/whatif", {"region": "371702", "service": "toilet",
                                            "close": [other.pk], **PERIOD})
    assert r.status_code == 404 and "曹县驿站" not in r.content.decode()
