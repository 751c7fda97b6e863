"""组织找党员、党员找组织: who has not checked in, invitations, the nearest organisations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.accounts.models import User
from nuanxin.accounts.sms import OutboxSender
from nuanxin.kernel.errors import Conflict, DomainError
from nuanxin.notifications.models import Notification
from nuanxin.party import where
from nuanxin.party.selectors import nearest, not_checked_in
from nuanxin.party.services import check_in, invite
from nuanxin.privacy.models import AccessLog
from tests.party.conftest import phone_of

pytestmark = pytest.mark.django_db


def test_not_checked_in_are_the_declared_members_living_or_working_in_the_area(
        make_member: Callable[..., User], make_worker: Callable[..., User], orgs: Any) -> None:
    works_here = make_member(name="在东安工作")
    lives_here = make_member(name="住在东安", region="371721001001", home="371702001001")
    make_member(name="在曹县", region="371721001001")
    make_worker(name="不是党员")
    already = make_member(name="已报到")
    check_in(user=already, organisation_id=orgs.caoxian.pk, basis="work")
    found = {m.user_id for m in not_checked_in(orgs.dongan)}
    assert found == {works_here.pk, lives_here.pk}


def test_invitation_goes_to_the_inbox_and_by_sms_once_a_week(
        make_member: Callable[..., User], orgs: Any, party_staff: Callable[..., User],
        settings: Any) -> None:
    settings.NUANXIN_SMS_SENDER = "nuanxin.accounts.sms.OutboxSender"
    OutboxSender.outbox.clear()
    member = make_member()
    staff = party_staff(orgs.dongcheng)
    invite(actor=staff, organisation_id=orgs.dongan.pk, user_id=member.pk)
    note = Notification.objects.get(user=member)
    assert note.title == "报到邀请：东安社区党支部" and note.url == f"/party/?org={orgs.dongan.pk}"
    assert OutboxSender.outbox == [(phone_of(member), "【暖新】" + note.body)]
    with pytest.raises(Conflict):
        invite(actor=staff, organisation_id=orgs.dongan.pk, user_id=member.pk)
    assert len(OutboxSender.outbox) == 1


def test_invitation_refused_outside_the_area_or_after_check_in(
        make_member: Callable[..., User], orgs: Any, party_staff: Callable[..., User]) -> None:
    staff = party_staff(orgs.dongan)
    far = make_member(region="371721001001")
    with pytest.raises(DomainError) as e:
        invite(actor=staff, organisation_id=orgs.dongan.pk, user_id=far.pk)
    assert "不在本组织范围内" in e.value.message
    near = make_member()
    check_in(user=near, organisation_id=orgs.dongan.pk, basis="work")
    with pytest.raises(DomainError):
        invite(actor=staff, organisation_id=orgs.dongan.pk, user_id=near.pk)


def test_nearest_organisations_with_distance_and_navigation(orgs: Any) -> None:
    found = nearest(115.4921, 35.2411)
    assert found[0].org == orgs.dongan and found[0].metres < 50
    assert [n.metres for n in found] == sorted(n.metres for n in found)
    assert orgs.caoxian not in [n.org for n in found]  # ~46 km away: not within 30 km
    assert found[0].links["amap"].startswith("https://uri.amap.com/navigation?to=")
    assert "米" in found[0].distance or "公里" in found[0].distance


def test_where_am_i_falls_back_to_the_nearest_region(regions: Any, monkeypatch: Any) -> None:
    from nuanxin.regions import selectors as region_selectors

    monkeypatch.delattr(region_selectors, "locate", raising=False)
    here = where.locate(115.4921, 35.2411)
    assert here is not None and here.code == "371702001001001"
    monkeypatch.setattr(region_selectors, "locate", lambda lng, lat: regions["371721001001"],
                        raising=False)
    assert where.locate(115.4921, 35.2411) == regions["371721001001"]


def test_api_near_answers_in_gcj02_when_asked(api: Any, orgs: Any) -> None:
    r = api.get("/api/party/organisations/near", {"lng": 115.4921, "lat": 35.2411})
    assert r.status_code == 200
    body = r.json()
    assert body["organisations"][0]["name"] == "东安社区党支部"
    assert body["organisations"][0]["contact_phone"] == "0530-5550001"
    assert body["here"] == "第1网格"
    g = api.get("/api/party/organisations/near",
                {"lng": 115.4921, "lat": 35.2411, "crs": "gcj02"}).json()
    assert g["organisations"][0]["lng"] != body["organisations"][0]["lng"]
    assert not AccessLog.objects.exists()  # organisations are public, members are not shown
