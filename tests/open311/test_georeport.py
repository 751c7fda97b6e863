"""GeoReport v2 documents checked against the specification (wiki.open311.org/GeoReport_v2).

The element names and shapes below are copied from the specification's examples.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from nuanxin.open311.services import issue_key
from nuanxin.reports.models import Report
from nuanxin.reports.states import Status
from tests.reports.helpers import GRID_POINT, make_report

# From the spec: fields of a service (GET services), of a service request (GET requests),
# of a service definition attribute, and of a POST response.
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group"]
REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code",
                  "description", "agency_responsible", "service_notice", "requested_datetime",
                  "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                  "lat", "long", "media_url"]
ATTRIBUTE_FIELDS = ["variable", "code", "datatype", "required", "datatype_description", "order",
                    "description", "values"]
W3C = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$"


@pytest.fixture
def web() -> Client:
    return Client()


@pytest.fixture
def key(people: Any) -> str:
    return issue_key(name="12345热线", account=people["rider"])[1]


def jget(web: Client, path: str, **params: Any) -> Any:
    resp = web.get(f"/open311/v2/{path}.json", params)
    assert resp["Content-Type"].startswith("application/json")
    return resp.status_code, resp.json()


def xget(web: Client, path: str, **params: Any) -> Any:
    resp = web.get(f"/open311/v2/{path}.xml", params)
    assert resp["Content-Type"].startswith("text/xml")
    return resp.status_code, ET.fromstring(resp.content)


def test_discovery(web: Client, catalogue: Any) -> None:
    status, body = jget(web, "discovery")
    assert status == 200
    assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
    ep = body["endpoints"][0]
    assert ep["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert ep["formats"] == ["text/xml", "application/json"]
    assert ep["url"].endswith("/open311/v2")
    status, root = xget(web, "discovery")
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("./endpoints/endpoint/formats/format")] == [
        "text/xml", "application/json"]


def test_service_list_json_and_xml(web: Client, catalogue: Any) -> None:
    status, body = jget(web, "services")
    assert status == 200 and len(body) == 8
    assert all(list(s) == SERVICE_FIELDS for s in body)
    road = next(s for s in body if s["service_code"] == "road_hazard")
    assert road["service_name"] == "道路隐患" and road["type"] == "realtime"
    assert road["metadata"] is True
    status, root = xget(web, "services")
    assert root.tag == "services"
    first = root.find("service")
    assert first is not None and [c.tag for c in first] == SERVICE_FIELDS
    assert first.findtext("metadata") == "true"


def test_service_definition(web: Client, catalogue: Any) -> None:
    status, body = jget(web, "services/road_hazard")
    assert status == 200 and body["service_code"] == "road_hazard"
    attr = body["attributes"][0]
    assert list(attr) == ATTRIBUTE_FIELDS and attr["datatype"] == "singlevaluelist"
    assert attr["values"] == [{"key": "0", "name": "公开"}, {"key": "1", "name": "匿名"}]
    status, root = xget(web, "services/road_hazard")
    assert root.tag == "service_definition"
    assert [v.findtext("key") for v in root.findall("./attributes/attribute/values/value")] == [
        "0", "1"]
    status, body = jget(web, "services/ufo")
    assert status == 404 and body == [{"code": 404, "description": "service_code ufo not found"}]


def test_post_request_with_key_then_token_and_get(web: Client, key: str, catalogue: Any,
                                                  people: Any) -> None:
    resp = web.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": "road_hazard", "lat": GRID_POINT[1],
        "long": GRID_POINT[0], "description": "井盖缺失，热线转来", "attribute[anonymous]": "1"})
    assert resp.status_code == 200, resp.content
    created = resp.json()[0]
    assert list(created) == ["service_request_id", "token", "service_notice", "account_id"]
    report = Report.objects.get(pk=int(created["service_request_id"]))
    assert report.anonymous and report.region.code == "371702001001001"
    status, body = jget(web, f"tokens/{created['token']}")
    assert body == [{"service_request_id": created["service_request_id"],
                     "token": created["token"]}]
    status, body = jget(web, f"requests/{report.pk}")
    assert status == 200 and list(body[0]) == REQUEST_FIELDS
    assert body[0]["status"] == "open" and body[0]["lat"] == pytest.approx(GRID_POINT[1])
    import re

    assert re.match(W3C, body[0]["requested_datetime"])
    status, root = xget(web, f"requests/{report.pk}")
    assert root.tag == "service_requests"
    req = root.find("request")
    assert req is not None and [c.tag for c in req] == REQUEST_FIELDS
    assert req.findtext("long") == str(report.lng)


@pytest.mark.parametrize(("data", "code", "words"), [
    ({"service_code": "road_hazard", "lat": "35.24", "long": "115.49"}, 403, "api_key"),
    ({"api_key": "KEY", "lat": "35.24", "long": "115.49"}, 400, "service_code is required"),
    ({"api_key": "KEY", "service_code": "ufo", "lat": "35.24", "long": "115.49"}, 404, "ufo"),
    ({"api_key": "KEY", "service_code": "road_hazard"}, 400, "location"),
    ({"api_key": "KEY", "service_code": "road_hazard", "address_string": "人民路"}, 400, "lat"),
    ({"api_key": "KEY", "service_code": "road_hazard", "lat": "x", "long": "y"}, 400, "decimal"),
    ({"api_key": "KEY", "service_code": "road_hazard", "lat": "35.24", "long": "115.49",
      "description": "短"}, 400, "description"),
])
def test_post_errors_in_spec_format(web: Client, key: str, catalogue: Any,
                                    data: dict[str, str], code: int, words: str) -> None:
    data = {k: (key if v == "KEY" else v) for k, v in data.items()}
    for fmt in ("json", "xml"):
        resp = web.post(f"/open311/v2/requests.{fmt}", data)
        assert resp.status_code == code
        if fmt == "json":
            body = json.loads(resp.content)
            assert list(body[0]) == ["code", "description"] and body[0]["code"] == code
            assert words in body[0]["description"]
        else:
            root = ET.fromstring(resp.content)
            assert root.tag == "errors" and root.findtext("./error/code") == str(code)
    assert Report.objects.count() == 0


def test_get_requests_filters(web: Client, catalogue: Any, people: Any, regions: Any) -> None:
    grid = regions["371702001001001"]
    now = timezone.now()
    a = make_report(category=catalogue["road_hazard"], reporter=people["rider"], region=grid)
    b = make_report(category=catalogue["environment"], reporter=people["rider"], region=grid,
                    status=Status.CLOSED)
    old = make_report(category=catalogue["road_hazard"], reporter=people["rider"], region=grid)
    Report.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=120))

    def ids(**params: Any) -> list[int]:
        status, body = jget(web, "requests", **params)
        assert status == 200, body
        return sorted(int(x["service_request_id"]) for x in body)

    assert ids() == [a.pk, b.pk]  # default: the last 90 days
    assert ids(status="open") == [a.pk]
    assert ids(status="closed") == [b.pk]
    assert ids(status="open,closed") == [a.pk, b.pk]
    assert ids(service_code="environment") == [b.pk]
    assert ids(service_code="environment,road_hazard") == [a.pk, b.pk]
    start = (now - timedelta(days=130)).isoformat()
    end = (now - timedelta(days=100)).isoformat()
    assert ids(start_date=start, end_date=end) == [old.pk]
    assert ids(service_request_id=f"{old.pk},{b.pk}", status="open") == [b.pk, old.pk]
    status, body = jget(web, "requests", start_date=(now - timedelta(days=200)).isoformat(),
                        end_date=now.isoformat())
    assert status == 400 and "90 days" in body[0]["description"]
    status, body = jget(web, "requests", status="pending")
    assert status == 400
    status, body = jget(web, "requests", start_date="yesterday")
    assert status == 400 and "W3C" in body[0]["description"]


def test_status_mapping_and_not_found(web: Client, catalogue: Any, people: Any,
                                      regions: Any) -> None:
    grid = regions["371702001001001"]
    for state in Status.values:
        r = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                        region=grid, status=state)
        expected = "closed" if state in ("resolved", "answered", "closed", "rejected") else "open"
        assert jget(web, f"requests/{r.pk}")[1][0]["status"] == expected
    assert jget(web, "requests/999999")[0] == 404
    resp = web.get("/open311/v2/services.yaml")
    assert resp.status_code == 404
    resp = web.delete("/open311/v2/services.json")
    assert resp.status_code == 405 and json.loads(resp.content)[0]["code"] == 405
    assert jget(web, "services", jurisdiction_id="110000")[0] == 404
    assert jget(web, "services", jurisdiction_id="371700")[0] == 200
