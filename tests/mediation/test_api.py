"""GET /api/mediation/figures/{region} and the agreement PDF: in scope only, every view logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.mediation import services
from nuanxin.mediation.models import ViewLog

from .conftest import new_case

pytestmark = pytest.mark.django_db


def settle(people: Any, agreed: bool) -> int:
    v = people["village"]
    m = services.triage(actor=v, mediation_id=new_case(people["staff"]).pk, difficulty="simple")
    if agreed:
        services.record_session(actor=v, mediation_id=m.pk, held_at=timezone.now(), present="双方",
                                record="双方陈述各自理由，同意各退一步。")
        services.reach_agreement(actor=v, mediation_id=m.pk, terms="各承担一半费用共八百元",
                                 performance="现金",
                                 perform_by=timezone.localdate() + timedelta(days=3))
    else:
        services.record_failure(actor=v, mediation_id=m.pk, reason="被申请人拒绝调解",
                                channels=["litigation"])
    return m.pk


def test_figures_of_a_region(api_as: Any, people: Any) -> None:
    settle(people, True)
    settle(people, True)
    settle(people, False)
    new_case(people["staff"])  # taken in, not yet triaged
    got = api_as(people["county"]).get("/api/mediation/figures/371702")
    assert got.status_code == 200
    body = got.json()
    assert (body["cases"], body["agreements"], body["success_rate"], body["on_time_rate"]) == (
        4, 2, round(2 / 3, 4), 1.0)
    assert body["by_type"] == {"邻里": 4}
    elsewhere = api_as(people["county"]).get("/api/mediation/figures/371721")
    assert elsewhere.status_code == 403
    missing = api_as(people["county"]).get("/api/mediation/figures/999999")
    assert missing.status_code == 404 and missing.json()["field"] == "region_code"


def test_agreement_pdf_only_for_staff_in_scope(api_as: Any, people: Any) -> None:
    pk = settle(people, True)
    url = f"/api/mediation/cases/{pk}/agreement.pdf"
    for who in ("other", "rider"):
        assert api_as(people[who]).get(url).status_code == 403
    ok = api_as(people["staff"]).get(url)
    assert ok.status_code == 200 and ok["Content-Type"] == "application/pdf"
    assert ok.content.startswith(b"%PDF-")
    assert ViewLog.objects.filter(viewer=people["staff"], what="调解协议书PDF").count() == 1
    failed = settle(people, False)
    no = api_as(people["staff"]).get(f"/api/mediation/cases/{failed}/agreement.pdf")
    assert no.status_code == 400 and no.json()["field"] == "case_id"


def test_mediation_cases_are_not_public_reports(api: Any, people: Any) -> None:
    pk = settle(people, False)
    from nuanxin.mediation.models import MediationCase

    case_id = MediationCase.objects.get(pk=pk).case_id
    assert api.get(f"/api/reports/{case_id}").status_code == 404
    assert api.get(f"/reports/{case_id}/").status_code == 404
    listing = api.get("/open311/v2/requests.json")
    assert listing.status_code == 200 and listing.json() == []
    assert api.get(f"/open311/v2/requests/{case_id}.json").status_code == 404
    near = api.get("/api/reports/nearby", {"category": "mediation", "lng": 115.4920,
                                           "lat": 35.2410})
    assert near.status_code == 200 and near.json() == []
