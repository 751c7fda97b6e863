"""GET /api/regions/{code}: public, with parent and counts of every level below."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_city_counts_every_level_below(regions: Any, api: Any) -> None:
    r = api.get("/api/regions/371700")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "菏泽市"
    assert body["parent"] is None
    assert body["counts"] == {"county": 2, "township": 3, "village": 4, "grid": 1}


def test_township_shows_parent_and_chain(regions: Any, api: Any) -> None:
    body = api.get("/api/regions/371702001").json()
    assert body["parent"] == {"code": "371702", "name": "牡丹区", "level": "county"}
    assert [a["code"] for a in body["ancestors"]] == ["371700", "371702"]
    assert body["counts"] == {"village": 2, "grid": 1}


def test_children_are_listed_in_code_order(regions: Any, api: Any) -> None:
    names = [c["name"] for c in api.get("/api/regions/371702/children").json()]
    assert names == ["东城街道", "西城街道"]


def test_unknown_region_is_a_chinese_404(regions: Any, api: Any) -> None:
    r = api.get("/api/regions/999999")
    assert r.status_code == 404
    assert r.json()["detail"] == "区划代码“999999”不存在"
    assert r.json()["field"] == "code"


def test_api_docs_load_without_any_cdn(api: Any) -> None:
    html = api.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html.split("<body")[0]
    schema = api.get("/api/openapi.json").json()
    assert "/api/regions/{code}" in schema["paths"]
