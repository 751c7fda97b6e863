""""门岗不放行" becomes a snap report at the community, for its property company, who may
handle it (and only property matters)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test.client import MULTIPART_CONTENT

from nuanxin.kernel.errors import PermissionDenied
from nuanxin.notifications.models import Notification
from nuanxin.reports import actions
from nuanxin.reports.catalogue import ensure_catalogue
from nuanxin.reports.models import Report
from nuanxin.reports.states import Status

pytestmark = pytest.mark.django_db


def test_refusal_goes_to_the_property_company(community: Any, make_rider: Any, make_user: Any,
                                              api_as: Any, regions: Any) -> None:
    prop = make_user(("property_company", "371702001001"), name="东安物业")
    rider = make_rider(with_pass=True)
    resp = api_as(rider).post("/api/access/refusals", {
        "community": "371702001001", "description": "南门门岗看了通行证仍不让进"},
        content_type=MULTIPART_CONTENT, HTTP_IDEMPOTENCY_KEY="tap-1")
    assert resp.status_code == 201, resp.content
    report = Report.objects.get()
    assert report.category.code == "gated_access" and report.category.name == "小区进门难"
    assert report.description.startswith("【门岗不放行】东安社区居委会：")
    assert report.region.code == "371702001001" and report.handler_kind == "property"
    assert "南门门岗看了通行证仍不让进" in report.description
    assert Notification.objects.filter(user=prop, title="新随手拍待签收").exists()
    again = api_as(rider).post("/api/access/refusals", {
        "community": "371702001001", "description": "南门门岗看了通行证仍不让进"},
        content_type=MULTIPART_CONTENT, HTTP_IDEMPOTENCY_KEY="tap-1")
    assert again.json()["id"] == report.pk and Report.objects.count() == 1
    assert actions.accept(user=prop, report_id=report.pk).status == Status.ACCEPTED


def test_property_company_handles_only_property_matters(community: Any, make_user: Any,
                                                        make_rider: Any, regions: Any) -> None:
    from tests.reports.helpers import make_report

    prop = make_user(("property_company", "371702001001"))
    cats = {c.code: c for c in ensure_catalogue(regions["371700"])}
    road = make_report(category=cats["road_hazard"], reporter=make_rider(),
                       region=regions["371702001001"])
    with pytest.raises(PermissionDenied):
        actions.accept(user=prop, report_id=road.pk)


def test_refusal_needs_an_opted_in_community_and_words(community: Any, make_rider: Any,
                                                       api_as: Any) -> None:
    client = api_as(make_rider())
    resp = client.post("/api/access/refusals", {"community": "371702002001",
                                                "description": "不让进"},
                       content_type=MULTIPART_CONTENT)
    assert resp.status_code == 404 and resp.json()["field"] == "community"
    resp = client.post("/api/access/refusals", {"community": "371702001001", "description": " "},
                       content_type=MULTIPART_CONTENT)
    assert resp.status_code == 400 and resp.json()["field"] == "description"
    assert not Report.objects.exists()
