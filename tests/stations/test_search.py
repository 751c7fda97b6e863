"""Text search that works for Chinese: characters, full pinyin, pinyin initials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def named(make_station: Callable[..., Any]) -> None:
    make_station("小哥食堂（中华路店）", 115.4905, 35.2405, kind="rider_canteen",
                 address="东城街道中华路18号")
    make_station("双河暖新驿站", 115.4950, 35.2380, address="双河路66号")
    make_station("曹城惠民服务站", 115.5410, 34.8290, region="371721001001", address="曹城街道青年路")


def found(api: Any, q: str, **extra: Any) -> list[str]:
    resp = api.get("/api/stations/search", {"q": q} | extra)
    assert resp.status_code == 200, resp.content
    return [r["name"] for r in resp.json()]


@pytest.mark.parametrize("q", ["小哥", "小哥食堂", "xgst", "xiaoge", "XiaoGe ShiTang", "xgs",
                               "zhonghualu", "中华路"])
def test_characters_full_pinyin_and_initials(api: Any, named: None, q: str) -> None:
    assert found(api, q) == ["小哥食堂（中华路店）"]


def test_address_pinyin_and_nearest_first(api: Any, named: None) -> None:
    assert found(api, "shuanghe") == ["双河暖新驿站"]
    near_cao = found(api, "zhan", lat=34.83, lng=115.54)  # 驿站 and 服务站 both contain zhan
    assert near_cao[0] == "曹城惠民服务站" and "双河暖新驿站" in near_cao


def test_closed_for_good_is_not_found(api: Any, named: None, make_user: Any, api_as: Any) -> None:
    from nuanxin.stations.models import Station

    staff = make_user(("county_staff", "371702"))
    pk = Station.objects.get(name="双河暖新驿站").pk
    resp = api_as(staff).post(f"/api/stations/{pk}/closure", {"status": "closed"})
    assert resp.status_code == 200
    assert found(api, "shuanghe") == []


def test_empty_query_is_refused(api: Any, named: None) -> None:
    resp = api.get("/api/stations/search", {"q": "  ，"})
    assert resp.status_code == 400 and resp.json()["field"] == "q"


def test_finder_page_searches_by_initials(client: Any, named: None) -> None:
    html = client.get("/stations/", {"q": "xgst"}).content.decode()
    assert "小哥食堂（中华路店）" in html and "双河暖新驿站" not in html


def test_search_items_have_the_list_shape(api: Any, named: None) -> None:
    from nuanxin.stations.schemas import StationOut

    located = api.get("/api/stations/search", {"q": "驿站", "lat": 35.2405, "lng": 115.4905,
                                               "crs": "gcj02"}).json()
    plain = api.get("/api/stations/search", {"q": "驿站"}).json()
    assert located and plain
    for row in located + plain:
        assert StationOut.model_validate(row).model_dump() == row
    assert located[0]["crs"] == "gcj02" and located[0]["distance_m"] > 0
    assert plain[0]["distance_m"] is None and plain[0]["direction"] == ""


def test_search_refuses_a_point_off_the_globe(api: Any, named: None) -> None:
    resp = api.get("/api/stations/search", {"q": "驿站", "lat": 999, "lng": 115.49})
    assert resp.status_code == 400 and resp.json()["field"] == "lat"
    assert "纬度" in resp.json()["detail"]
