"""党员报到: declare, check in, confirmed or declined by the organisation, transfers kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.notifications.models import Notification
from nuanxin.party import selectors
from nuanxin.party.models import CheckIn, Membership
from nuanxin.party.services import (
    check_in,
    confirm_check_in,
    declare_membership,
    decline_check_in,
    grant_org_role,
    record_org_of,
)
from tests.party.conftest import phone_of

pytestmark = pytest.mark.django_db


def test_declared_details_are_encrypted_and_read_back(make_member: Callable[..., User]) -> None:
    user = make_member(mobile=True)
    m = Membership.objects.get(user=user)
    assert "田庄" not in m.record_org_cipher and "2015" not in m.joined_on_cipher
    assert record_org_of(m) == "巨野县田庄镇某村党支部"
    mine = selectors.mine(user)
    assert mine.joined_on == date(2015, 7, 1) and mine.membership and mine.membership.is_mobile


def test_declaring_refuses_a_future_date_and_an_empty_organisation(
        make_worker: Callable[..., User]) -> None:
    user = make_worker()
    with pytest.raises(DomainError) as e:
        declare_membership(user=user, record_org="某党支部",
                           joined_on=timezone.localdate() + timedelta(days=1), is_mobile=False)
    assert e.value.field == "joined_on" and "晚于今天" in e.value.message
    with pytest.raises(DomainError) as e:
        declare_membership(user=user, record_org="  ", joined_on=date(2010, 1, 1),
                           is_mobile=False)
    assert e.value.field == "record_org"
    assert not Membership.objects.filter(user=user).exists()


def test_check_in_needs_a_declaration(make_worker: Callable[..., User], orgs: Any) -> None:
    with pytest.raises(DomainError) as e:
        check_in(user=make_worker(), organisation_id=orgs.dongan.pk, basis="work")
    assert "请先登记党员身份" in e.value.message
    assert not CheckIn.objects.exists()


def test_confirmed_by_the_organisation_or_one_above_never_by_the_member(
        make_member: Callable[..., User], orgs: Any, party_staff: Callable[..., User]) -> None:
    member = make_member()
    row = check_in(user=member, organisation_id=orgs.dongan.pk, basis="live")
    # The member holds a role for the organisation, yet cannot confirm themself.
    grant_org_role(actor=User.objects.get(is_superuser=True), organisation_id=orgs.dongan.pk,
                   phone=phone_of(member))
    with pytest.raises(PermissionDenied) as e:
        confirm_check_in(actor=User.objects.get(pk=member.pk), checkin_id=row.pk)
    assert "不能确认自己的报到" in e.value.message
    with pytest.raises(PermissionDenied):  # a sibling county's committee cannot
        confirm_check_in(actor=party_staff(orgs.caoxian), checkin_id=row.pk)
    upper = party_staff(orgs.mudan)  # the county committee reaches the community below it
    done = confirm_check_in(actor=upper, checkin_id=row.pk)
    assert done.status == "confirmed" and done.decided_by == upper
    assert Notification.objects.filter(user=member, title__contains="报到已确认").exists()
    with pytest.raises(Conflict) as c:
        confirm_check_in(actor=upper, checkin_id=row.pk)
    assert "不能重复处理" in c.value.message


def test_decline_needs_a_reason_and_changes_nothing_without_one(
        pending: Callable[..., int], orgs: Any, party_staff: Callable[..., User]) -> None:
    pk = pending()
    staff = party_staff(orgs.dongan)
    with pytest.raises(DomainError) as e:
        decline_check_in(actor=staff, checkin_id=pk, reason=" ")
    assert e.value.field == "reason"
    assert CheckIn.objects.get(pk=pk).status == "pending"
    row = decline_check_in(actor=staff, checkin_id=pk, reason="不在本社区居住或工作")
    assert row.status == "declined" and row.reason == "不在本社区居住或工作"


def test_transfer_keeps_history_and_shows_both_organisations(
        make_member: Callable[..., User], orgs: Any, party_staff: Callable[..., User],
        regions: Any) -> None:
    member = make_member()
    first = check_in(user=member, organisation_id=orgs.dongan.pk, basis="work")
    confirm_check_in(actor=party_staff(orgs.dongan), checkin_id=first.pk)
    second = check_in(user=member, organisation_id=orgs.caoxian.pk, basis="live")
    again = check_in(user=member, organisation_id=orgs.caoxian.pk, basis="live")
    assert again.pk == second.pk  # a resend gives the same pending row
    confirm_check_in(actor=party_staff(orgs.caoxian), checkin_id=second.pk)
    history = selectors.mine(member).checkins
    assert [(c.organisation.name, c.status) for c in history] == [
        ("曹县新就业群体行业党委", "confirmed"), ("东安社区党支部", "transferred")]
    assert history[1].moved_to == orgs.caoxian and history[1].ended_at is not None
    assert selectors.mine(member).record_org == "巨野县田庄镇某村党支部"


def test_one_pending_check_in_at_a_time(make_member: Callable[..., User], orgs: Any) -> None:
    member = make_member()
    check_in(user=member, organisation_id=orgs.dongan.pk, basis="work")
    with pytest.raises(Conflict) as e:
        check_in(user=member, organisation_id=orgs.caoxian.pk, basis="work")
    assert "待确认的报到" in e.value.message
    assert CheckIn.objects.filter(user=member).count() == 1
