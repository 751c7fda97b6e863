"""Role × data: no role other than a party role in scope (and the member) reads membership,
through the API, the pages, the admin or exports; every member list seen leaves a log row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nuanxin.accounts.models import User
from nuanxin.party.services import check_in, confirm_check_in
from nuanxin.privacy.models import AccessLog

pytestmark = pytest.mark.django_db

RECORD_ORG = "田庄镇某村党支部"  # in every member's declaration (conftest)
NON_PARTY = [
    ("worker", "371702001001"), ("grid_worker", "371702001001001"),
    ("community_staff", "371702001001"), ("township_staff", "371702001"),
    ("county_staff", "371702"), ("city_admin", "371700"), ("station_operator", "371702001"),
    ("party_staff", "371702"),  # a region role: not a role held for an organisation
    ("property_company", "371702001001"), ("mediator", "371702001"),
]
WHICH = ["confirmed", "pending", "not_checked_in"]


@pytest.fixture
def data(make_member: Callable[..., User], orgs: Any, party_staff: Callable[..., User]
         ) -> dict[str, Any]:
    confirmed = make_member(name="已报到党员")
    c = check_in(user=confirmed, organisation_id=orgs.dongan.pk, basis="work")
    confirm_check_in(actor=party_staff(orgs.dongan), checkin_id=c.pk)
    pending = make_member(name="待确认党员")
    check_in(user=pending, organisation_id=orgs.dongan.pk, basis="work")
    make_member(name="未报到党员")
    return {"org": orgs.dongan, "names": ["已报到党员", "待确认党员", "未报到党员"]}


def _viewers(make_user: Callable[..., User]) -> list[tuple[str, User]]:
    out = [(role, make_user((role, code), name=f"观察者{role}")) for role, code in NON_PARTY]
    out.append(("superuser", make_user(superuser=True, name="观察者超级管理员")))
    return out


def _leaks(text: str, names: list[str]) -> list[str]:
    return [n for n in [*names, RECORD_ORG] if n in text]


def test_no_non_party_role_reads_membership_anywhere(
        data: dict[str, Any], make_user: Callable[..., User], api_as: Callable[[User], Any],
        make_worker: Callable[..., User]) -> None:
    org = data["org"]
    AccessLog.objects.all().delete()
    for role, viewer in _viewers(make_user):
        api = api_as(viewer)
        for which in WHICH:
            r = api.get(f"/api/party/organisations/{org.pk}/members", {"which": which})
            assert r.status_code == 403, (role, which, r.content)
        me = api.get("/api/party/me").json()
        assert me["declared"] is False and me["checkins"] == [], role
        workers = api.get("/api/workers")
        assert not _leaks(workers.content.decode(), [RECORD_ORG]), role
        assert "party" not in workers.content.decode(), role

        page = Client()
        page.force_login(viewer)
        for url in ("/party/org/", f"/party/org/?org={org.pk}&tab=confirmed",
                    f"/party/org/{org.pk}/members.xlsx", "/party/pipeline/"):
            r = page.get(url)
            assert r.status_code == 403, (role, url)
        mine = page.get("/party/")
        assert mine.status_code == 200 and not _leaks(mine.content.decode(), data["names"]), role
        for url in ("/admin/party/membership/", "/admin/party/checkin/",
                    "/admin/party/candidate/", "/admin/party/step/"):
            assert page.get(url).status_code in (302, 404), (role, url)
        if viewer.is_staff or viewer.is_superuser or role in ("county_staff", "city_admin"):
            listing = page.get("/admin/people/worker/")
            assert not _leaks(listing.content.decode(), [RECORD_ORG, "党员身份"]), role
    assert not AccessLog.objects.exists()  # nothing was shown, so nothing was logged


def test_party_roles_in_scope_read_it_and_every_view_is_logged(
        data: dict[str, Any], party_staff: Callable[..., User], orgs: Any,
        api_as: Callable[[User], Any]) -> None:
    upper = party_staff(orgs.mudan)
    AccessLog.objects.all().delete()
    r = api_as(upper).get(f"/api/party/organisations/{orgs.dongan.pk}/members",
                          {"which": "confirmed"})
    assert r.status_code == 200
    rows = r.json()
    assert [m["name"] for m in rows] == ["已报到党员"]
    assert rows[0]["record_org"].endswith(RECORD_ORG) and rows[0]["phone"].count("*") == 4
    logs = list(AccessLog.objects.values_list("viewer_id", "field", "channel"))
    assert logs == [(upper.pk, "party_membership", "api")]
    page = Client()
    page.force_login(upper)
    html = page.get(f"/party/org/?org={orgs.dongan.pk}&tab=not_checked_in").content.decode()
    assert "<strong>未报到党员</strong>" in html and "<strong>已报到党员</strong>" not in html
    assert AccessLog.objects.filter(channel="page").count() == 1
    xlsx = page.get(f"/party/org/{orgs.dongan.pk}/members.xlsx")
    assert xlsx.status_code == 200
    assert AccessLog.objects.filter(channel="export").count() == 1
    # Another county's committee is out of scope.
    other = api_as(party_staff(orgs.caoxian)).get(
        f"/api/party/organisations/{orgs.dongan.pk}/members")
    assert other.status_code == 403


def test_the_member_sees_their_own_membership(data: dict[str, Any], api_as: Callable[[User], Any],
                                              ) -> None:
    member = User.objects.get(display_name="已报到党员")
    me = api_as(member).get("/api/party/me").json()
    assert me["declared"] and me["record_org"].endswith(RECORD_ORG)
    assert [c["status"] for c in me["checkins"]] == ["confirmed"]
    assert me["checkins"][0]["organisation"] == "东安社区党支部"
    c = Client()
    c.force_login(member)
    html = c.get("/party/").content.decode()
    assert RECORD_ORG in html and "东安社区党支部" in html and "已报到" in html
