"""One selector answers "where is this?": by boundary, else by the nearest points."""

from __future__ import annotations

from typing import Any

import pytest
import shapely

from nuanxin.regions import locator, selectors
from nuanxin.regions.models import BoundaryVersion, Region
from nuanxin.regions.selectors import OutsideCity, locate

from .conftest import box, draw


def test_the_grid_containing_a_point_and_its_whole_chain(drawn: Any) -> None:
    where = locate(115.4925, 35.2425)
    assert where.matched == "boundary"
    assert [(r.code, r.level) for r in where.chain] == [
        ("371700", "city"), ("371702", "county"), ("371702001", "township"),
        ("371702001001", "village"), ("371702001001001", "grid")]
    assert where.place == "东城街道·东安社区·第1网格"
    # Outside the grid but inside its community: the community, not the nearest grid.
    other = locate(115.4870, 35.2480)
    assert other.deepest.code == "371702001001" and other.matched == "boundary"
    # The neighbouring community, though 东安's point is nearer than 双河's.
    assert locate(115.4921, 35.2385).deepest.code == "371702001006"


def test_outside_the_city_boundary_is_refused_even_near_a_region_point(drawn: Any) -> None:
    with pytest.raises(OutsideCity, match="不在本市服务范围"):
        locate(115.71, 35.0)
    with pytest.raises(OutsideCity):
        locate(116.40, 39.90)


def test_without_boundaries_it_falls_back_to_the_nearest_points_and_says_so(
        regions: Any) -> None:
    where = locate(115.4921, 35.2411)
    assert where.matched == "nearest"
    assert where.deepest.code == "371702001001001"
    with pytest.raises(OutsideCity):
        locate(116.40, 39.90)


def test_levels_without_boundaries_below_a_drawn_one_come_from_points(regions: Any) -> None:
    draw(["371700", "371702", "371721"])  # counties only, as a city that imported those
    where = locate(115.4921, 35.2411)
    assert where.matched == "nearest"
    assert [r.code for r in where.chain][:2] == ["371700", "371702"]
    assert where.deepest.code == "371702001001001"
    with pytest.raises(OutsideCity):  # outside every county: outside the city
        locate(115.9, 35.5)


def test_another_process_sees_a_changed_boundary(drawn: Any, monkeypatch: Any) -> None:
    assert locate(115.4925, 35.2425).deepest.code == "371702001001001"
    # Another process moves the grid and bumps the version: this one has its index built.
    grid = Region.objects.get(code="371702001001001")
    moved = shapely.box(115.486, 35.246, 115.489, 35.249)
    Region.objects.filter(pk=grid.pk).update(boundary=shapely.to_geojson(moved))
    BoundaryVersion.objects.filter(pk=1).update(version=99)
    assert locate(115.4925, 35.2425).deepest.code == "371702001001001"  # within a second
    monkeypatch.setattr(locator, "CHECK_SECONDS", 0.0)
    assert locate(115.4925, 35.2425).deepest.code == "371702001001"
    assert locate(115.4875, 35.2475).deepest.code == "371702001001001"


def test_features_for_maps(drawn: Any) -> None:
    feature = selectors.boundary_feature(drawn["371702001001"])
    assert feature is not None and feature["type"] == "Feature"
    assert feature["properties"] == {"code": "371702001001", "name": "东安社区居委会",
                                     "level": "village", "generated": False}
    assert shapely.geometry.shape(feature["geometry"]).equals(box("371702001001"))
    kids = selectors.children_features(drawn["371702001"])
    assert kids["type"] == "FeatureCollection" and kids["generated"] is False
    assert [f["properties"]["code"] for f in kids["features"]] == ["371702001001", "371702001006"]
    assert selectors.boundary_feature(Region.objects.get(code="371702001")) is not None
    Region.objects.filter(code="371721001001").update(boundary="")
    assert selectors.boundary_feature(Region.objects.get(code="371721001001")) is None


def test_locate_api_is_public_with_crs_and_chinese_refusals(drawn: Any, api: Any) -> None:
    from nuanxin.kernel.coords import wgs84_to_gcj02

    lng, lat = wgs84_to_gcj02(115.4925, 35.2425)
    r = api.get("/api/regions/locate", {"lat": lat, "lng": lng, "crs": "gcj02"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["matched"] == "boundary" and body["place"] == "东城街道·东安社区·第1网格"
    assert [c["level"] for c in body["chain"]] == ["city", "county", "township", "village",
                                                    "grid"]
    assert body["chain"][-1] == {"code": "371702001001001", "name": "第1网格", "level": "grid",
                                 "level_label": "网格"}
    # the same point read as WGS-84 is some 500 m off: another answer, still inside the city
    assert api.get("/api/regions/locate", {"lat": lat, "lng": lng}).json()["chain"][-1][
        "code"] != "371702001001001"
    out = api.get("/api/regions/locate", {"lat": 39.9, "lng": 116.4})
    assert out.status_code == 400 and "不在本市服务范围" in out.json()["detail"]
    assert out.json()["field"] == "location"
    bad = api.get("/api/regions/locate", {"lat": 99, "lng": 115.4})
    assert bad.status_code == 400 and bad.json()["field"] == "lat"
    assert api.get("/api/regions/locate", {"lat": 35.2, "lng": 115.4, "crs": "x"}).json()[
        "field"] == "crs"
