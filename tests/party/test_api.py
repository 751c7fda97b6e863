"""The party API from a phone: declare, check in (a resend is harmless), confirm, refuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.accounts.models import User

pytestmark = pytest.mark.django_db


def test_member_declares_checks_in_and_the_organisation_confirms(
        make_worker: Callable[..., User], orgs: Any, party_staff: Callable[..., User],
        api_as: Callable[[User], Any]) -> None:
    member = api_as(make_worker(name="小董"))
    r = member.post("/api/party/me/membership", {"record_org": "巨野县田庄镇某村党支部",
                                                  "joined_on": "2016-07-01", "is_mobile": True})
    assert r.status_code == 200 and r.json()["declared"] is True
    first = member.post("/api/party/checkins", {"organisation_id": orgs.dongan.pk,
                                                "basis": "work"})
    again = member.post("/api/party/checkins", {"organisation_id": orgs.dongan.pk,
                                                "basis": "work"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and first.json()["status_label"] == "待确认"
    pk = first.json()["id"]
    assert member.post(f"/api/party/checkins/{pk}/confirm").status_code == 403
    staff = api_as(party_staff(orgs.dongan))
    ok = staff.post(f"/api/party/checkins/{pk}/confirm")
    assert ok.status_code == 200 and ok.json()["status_label"] == "已报到"
    twice = staff.post(f"/api/party/checkins/{pk}/confirm")
    assert twice.status_code == 409 and twice.json()["code"] == "conflict"
    assert member.get("/api/party/me").json()["checkins"][0]["organisation"] == "东安社区党支部"


def test_refusals_are_chinese_and_name_the_field(make_worker: Callable[..., User], orgs: Any,
                                                 api_as: Callable[[User], Any]) -> None:
    member = api_as(make_worker())
    r = member.post("/api/party/checkins", {"organisation_id": orgs.dongan.pk, "basis": "work"})
    assert r.status_code == 400 and r.json()["field"] == "membership"
    r = member.post("/api/party/me/membership", {"record_org": "某支部", "joined_on": "x"})
    assert r.status_code == 422 and r.json()["field"] == "joined_on"
    r = member.post("/api/party/me/membership", {"record_org": "某支部",
                                                  "joined_on": "2016-07-01",
                                                  "home_region": "999"})
    assert r.status_code == 400 and "区划代码“999”不存在" in r.json()["detail"]
    assert member.get("/api/party/me").json()["declared"] is False


def test_pipeline_over_the_api(make_worker: Callable[..., User], orgs: Any,
                               party_staff: Callable[..., User],
                               api_as: Callable[[User], Any]) -> None:
    from tests.party.conftest import phone_of

    staff = api_as(party_staff(orgs.dongcheng))
    r = staff.post("/api/party/candidates", {"organisation_id": orgs.dongan.pk,
                                             "phone": phone_of(make_worker()),
                                             "on": "2024-03-01"})
    assert r.status_code == 201 and r.json()["stage_label"] == "递交入党申请书"
    cid = r.json()["candidate_id"]
    bad = staff.post(f"/api/party/candidates/{cid}/steps", {"stage": "probationary",
                                                            "on": "2024-04-01",
                                                            "people": "张建国"})
    assert bad.status_code == 400 and bad.json()["field"] == "stage"
    good = staff.post(f"/api/party/candidates/{cid}/steps", {"stage": "activist",
                                                             "on": "2024-04-01",
                                                             "people": "张建国"})
    assert good.status_code == 201 and good.json()["people"] == "张建国"
    # A street committee reads its street, not the district above it.
    assert staff.get("/api/party/pipeline/371702").status_code == 403
    counts = staff.get("/api/party/pipeline/371702001").json()["years"]
    assert counts["2024"]["application"] == 1 and counts["2024"]["activist"] == 1
