"""GET /api/stations/nearest: distance order, all-services filter, kind, open now, crs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from nuanxin.kernel.coords import from_wgs84
from nuanxin.regions.geo import haversine_m, offset
from nuanxin.stations.schemas import StationOut

HERE = (115.4900, 35.2400)  # 东城街道, 牡丹区
NIGHT = {"weekly": [{"days": [1, 2, 3, 4, 5, 6, 7], "open": "22:00", "close": "06:00"}]}
NOON = "2026-11-30T12:00:00+08:00"  # a Monday


def at(metres: float, bearing: float) -> tuple[float, float]:
    return offset(*HERE, metres=metres, bearing_deg=bearing)


@pytest.fixture
def town(make_station: Callable[..., Any]) -> dict[str, Any]:
    return {
        "toilet_far": make_station("远处公厕驿站", *at(900, 90), services=["toilet", "water"]),
        "toilet_near": make_station("近处驿站", *at(300, 45), services=["toilet"]),
        "water_only": make_station("饮水点", *at(100, 180), services=["water"]),
        "night": make_station("夜间驿站", *at(200, 270), services=["toilet", "water"],
                              hours=NIGHT),
        "canteen": make_station("小哥食堂", *at(600, 0), kind="rider_canteen",
                                services=["discount_meal", "toilet"]),
        "far_away": make_station("曹县驿站", 115.5410, 34.8290, region="371721001001",
                                 services=["toilet"]),
    }


def names(resp: Any) -> list[str]:
    assert resp.status_code == 200, resp.content
    return [r["name"] for r in resp.json()]


@time_machine.travel(NOON, tick=False)
def test_nearest_in_distance_order_with_direction(api: Any, town: dict[str, Any]) -> None:
    rows = api.get("/api/stations/nearest", {"lat": HERE[1], "lng": HERE[0]}).json()
    assert [r["name"] for r in rows] == ["饮水点", "夜间驿站", "近处驿站", "小哥食堂", "远处公厕驿站"]
    for row in rows:  # the hot path encodes dicts directly: they must keep the schema
        assert StationOut.model_validate(row).model_dump() == row
    first = rows[0]
    assert first["direction"] == "南 100 米"
    assert abs(first["distance_m"] - 100) < 1
    assert rows[2]["direction"].startswith("东北 300")
    assert first["open"] is True and first["status_label"] == "营业中"
    assert rows[1]["open"] is False and rows[1]["status_detail"] == "今天 22:00 开门"


@time_machine.travel(NOON, tick=False)
def test_filters_all_services_kind_open_now_radius(api: Any, town: dict[str, Any]) -> None:
    base = {"lat": HERE[1], "lng": HERE[0]}
    assert names(api.get("/api/stations/nearest", base | {"services": "toilet,water"})) == [
        "夜间驿站", "远处公厕驿站"]
    assert names(api.get("/api/stations/nearest", base | {
        "services": "toilet,water", "open_now": "true"})) == ["远处公厕驿站"]
    assert names(api.get("/api/stations/nearest", base | {"kind": "rider_canteen"})) == ["小哥食堂"]
    assert names(api.get("/api/stations/nearest", base | {"radius": 250})) == ["饮水点", "夜间驿站"]
    assert names(api.get("/api/stations/nearest", base | {"limit": 1, "services": "卫生间"})) == [
        "夜间驿站"]
    far = names(api.get("/api/stations/nearest", base | {"radius": 100000, "limit": 50}))
    assert far[-1] == "曹县驿站"


@time_machine.travel("2026-11-30T23:00:00+08:00", tick=False)
def test_open_now_at_night(api: Any, town: dict[str, Any]) -> None:
    got = names(api.get("/api/stations/nearest", {"lat": HERE[1], "lng": HERE[0],
                                                  "open_now": "true"}))
    assert got == ["夜间驿站"]


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_coordinates_in_and_out_in_the_callers_crs(api: Any, town: dict[str, Any],
                                                   crs: str) -> None:
    lng, lat = from_wgs84(*HERE, crs)
    rows = api.get("/api/stations/nearest", {"lat": lat, "lng": lng, "crs": crs}).json()
    assert rows[0]["name"] == "饮水点" and rows[0]["crs"] == crs
    assert abs(rows[0]["distance_m"] - 100) < 1  # the query point was converted back
    station = town["water_only"]
    want = from_wgs84(station.lng, station.lat, crs)
    assert abs(rows[0]["lng"] - want[0]) < 1e-9 and abs(rows[0]["lat"] - want[1]) < 1e-9
    # and the converted station is hundreds of metres from its WGS-84 position
    assert haversine_m(rows[0]["lng"], rows[0]["lat"], station.lng, station.lat) > 300


@pytest.mark.parametrize("params,field,words", [
    ({"crs": "utm"}, "crs", "坐标系"),
    ({"services": "sauna"}, "services", "未知的服务项目"),
    ({"kind": "castle"}, "kind", "站点类型"),
    ({"radius": 0}, "radius", "半径"),
    ({"radius": 200001}, "radius", "半径"),
    ({"limit": 0}, "limit", "返回数量"),
    ({"limit": 51}, "limit", "返回数量"),
])
def test_bad_queries_are_4xx_in_chinese(api: Any, regions: Any, params: dict[str, Any],
                                        field: str, words: str) -> None:
    resp = api.get("/api/stations/nearest", {"lat": 35.24, "lng": 115.49} | params)
    assert resp.status_code == 400
    assert resp.json()["field"] == field and words in resp.json()["detail"]


@pytest.mark.parametrize("params,field,words", [
    ({"lng": 115.49}, "lat", "缺少必填字段"),
    ({"lat": "北纬", "lng": 115.49}, "lat", "应为数字"),
    ({"lat": "nan", "lng": 115.49}, "lat", "应为数字"),
    ({"lat": 35.2, "lng": 115.49, "limit": "ten"}, "limit", "应为整数"),
    ({"lat": 35.2, "lng": 115.49, "open_now": "maybe"}, "open_now", "true 或 false"),
])
def test_malformed_parameters_are_422(api: Any, regions: Any, params: dict[str, Any],
                                      field: str, words: str) -> None:
    resp = api.get("/api/stations/nearest", params)
    assert resp.status_code == 422
    assert resp.json()["field"] == field and words in resp.json()["detail"]


def test_nearest_parameters_are_documented(api: Any) -> None:
    spec = api.get("/api/openapi.json").json()
    op = next(v["get"] for k, v in spec["paths"].items() if k.endswith("/stations/nearest"))
    assert {p["name"] for p in op["parameters"]} >= {"lat", "lng", "crs", "services", "kind",
                                                    "open_now", "radius", "limit"}


@time_machine.travel(NOON, tick=False)
def test_temporary_closure_shows_at_once_and_hides_from_open_now(
        api: Any, town: dict[str, Any], make_user: Callable[..., Any], api_as: Any) -> None:
    base = {"lat": HERE[1], "lng": HERE[0], "open_now": "true"}
    assert names(api.get("/api/stations/nearest", base))[0] == "饮水点"
    staff = make_user(("township_staff", "371702001"))
    resp = api_as(staff).post(f"/api/stations/{town['water_only'].pk}/closure",
                              {"status": "temp_closed", "reason": "水管维修"})
    assert resp.status_code == 200 and resp.json()["status_label"] == "临时关闭"
    assert "饮水点" not in names(api.get("/api/stations/nearest", base))
    all_rows = api.get("/api/stations/nearest", {"lat": HERE[1], "lng": HERE[0]}).json()
    closed = next(r for r in all_rows if r["name"] == "饮水点")
    assert closed["open"] is False and closed["status_detail"] == "水管维修"


@pytest.mark.parametrize("params,field,words", [
    ({"lat": 999, "lng": 115.49}, "lat", "纬度应在 -90 到 90 之间"),
    ({"lat": 35.24, "lng": 200}, "lng", "经度应在 -180 到 180 之间"),
    ({"lat": 35.24, "lng": 200, "crs": "gcj02"}, "lng", "经度"),
    # huge values used to fail inside the BD-09 formulas (a 500)
    ({"lat": "1e308", "lng": 115.49, "crs": "bd09"}, "lat", "纬度"),
])
def test_a_point_off_the_globe_is_refused(api: Any, regions: Any, params: dict[str, Any],
                                          field: str, words: str) -> None:
    resp = api.get("/api/stations/nearest", params)
    assert resp.status_code == 400
    assert resp.json()["field"] == field and words in resp.json()["detail"]


def test_station_page_ignores_a_point_that_is_not_a_place(client: Any,
                                                          town: dict[str, Any]) -> None:
    """?lat=nan used to be a 500 on the station page; now the page shows, without a direction."""
    url = f"/stations/{town['toilet_near'].pk}/"
    for bad in ("nan", "inf", "999"):
        resp = client.get(url, {"lat": bad, "lng": HERE[0]})
        assert resp.status_code == 200 and "近处驿站" in resp.content.decode()
        assert "西南 300" not in resp.content.decode()
    good = client.get(url, {"lat": HERE[1], "lng": HERE[0]}).content.decode()
    assert "东北 300" in good


def test_finder_with_a_point_off_the_globe_offers_the_township_picker(
        client: Any, town: dict[str, Any]) -> None:
    html = client.get("/stations/", {"lat": 999, "lng": HERE[0]}).content.decode()
    assert "没有定位？选择所在街道(乡镇)" in html and "东城街道" in html
    assert "近处驿站" not in html
