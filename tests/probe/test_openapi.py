"""Hole 9 (part): the OpenAPI document names each schema once, documents refusals, states
the page range; `POST .../uses` refuses a body that is not a JSON object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi() -> dict[str, Any]:
    doc: dict[str, Any] = Client().get("/api/openapi.json").json()
    return doc


def _ref(response: dict[str, Any]) -> str:
    return str(response["content"]["application/json"]["schema"].get("$ref", ""))


def test_benefit_figures_documented_with_their_own_schema(openapi: dict[str, Any]) -> None:
    ok = openapi["paths"]["/api/benefits/figures"]["get"]["responses"]["200"]
    name = _ref(ok).rsplit("/", 1)[-1]
    fields = set(openapi["components"]["schemas"][name]["properties"])
    assert {"insured_people", "total_cover", "health_checks"} <= fields
    assert "on_time_rate" not in fields  # not the reports' figures


def test_every_operation_documents_its_refusals(openapi: dict[str, Any]) -> None:
    for path, item in openapi["paths"].items():
        for method, op in item.items():
            for code in ("400", "404", "422", "429"):
                assert code in op["responses"], (method, path, code)
                assert _ref(op["responses"][code]) == "#/components/schemas/Error"
            if op.get("security"):
                assert "401" in op["responses"], (method, path)


def test_page_range_is_in_the_schema(openapi: dict[str, Any]) -> None:
    params = openapi["paths"]["/api/shop/items"]["get"]["parameters"]
    page = next(p for p in params if p["name"] == "page")
    assert (page["schema"]["minimum"], page["schema"]["maximum"]) == (1, 100000)


@pytest.mark.parametrize("body", ["[]", '"x"', "1", "null"])
def test_uses_refuse_a_body_that_is_not_an_object(body: str, make_user: Callable[..., Any],
                                                  api_as: Callable[..., Any],
                                                  regions: Any) -> None:
    staff = make_user(("county_staff", "371702"))
    client = api_as(staff)
    r = client.generic("POST", "/api/benefits/applications/1/uses", body,
                       content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {client.token}")
    assert r.status_code == 422, (body, r.status_code, r.content)
    assert "JSON 对象" in r.json()["detail"]


def test_uses_still_take_an_object(make_user: Callable[..., Any], api_as: Callable[..., Any],
                                   regions: Any) -> None:
    staff = make_user(("county_staff", "371702"))
    r = api_as(staff).post("/api/benefits/applications/999/uses", {"amount_saved": "5"})
    assert r.status_code == 404 and r.json()["field"] == "application"
