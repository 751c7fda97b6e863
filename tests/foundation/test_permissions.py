"""One permission function: a role reaches its region's subtree and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from nuanxin.accounts.models import RoleAssignment
from nuanxin.accounts.permissions import can, region_scope
from nuanxin.accounts.roles import STAFF_ROLES
from nuanxin.accounts.services import assign_role
from nuanxin.kernel.errors import DomainError
from nuanxin.regions.models import Region

pytestmark = pytest.mark.django_db


def test_township_role_reaches_its_subtree_only(regions: Any, make_user: Any) -> None:
    staff = make_user(("township_staff", "371702001"))
    assert can(staff, STAFF_ROLES, regions["371702001"])
    assert can(staff, STAFF_ROLES, regions["371702001001001"])  # a grid below
    assert not can(staff, STAFF_ROLES, regions["371702002"])   # the next street
    assert not can(staff, STAFF_ROLES, regions["371702"])      # the county above
    assert not can(staff, STAFF_ROLES, regions["371721001001"])


def test_scope_filters_querysets(regions: Any, make_user: Any) -> None:
    staff = make_user(("county_staff", "371721"))
    codes = set(region_scope(staff, roles=STAFF_ROLES).filter(Region.objects.all(), "")
                .values_list("code", flat=True))
    assert codes == {"371721", "371721001", "371721001001"}


def test_role_reaches_only_through_the_roles_asked(regions: Any, make_user: Any) -> None:
    worker = make_user(("worker", "371702001001"))
    assert not can(worker, STAFF_ROLES, regions["371702001001"])
    assert can(worker, ["worker"], regions["371702001001"])


def test_superuser_reaches_everything(regions: Any, make_user: Any) -> None:
    admin = make_user(superuser=True)
    assert can(admin, STAFF_ROLES, regions["371721001001"])


def test_anonymous_reaches_nothing(regions: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert region_scope(AnonymousUser(), roles=STAFF_ROLES).is_empty


def test_role_for_a_missing_region_is_refused(regions: Any, make_user: Any) -> None:
    user = make_user()
    with pytest.raises(DomainError) as e:
        assign_role(user=user, role="township_staff", region_code="371799001")
    assert (e.value.field, e.value.message) == ("region", "区划代码“371799001”不存在")
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not type(user).objects.get(pk=user.pk).is_staff


def test_role_at_the_wrong_level_is_refused(regions: Any, make_user: Any) -> None:
    user = make_user()
    with pytest.raises(DomainError) as e:
        assign_role(user=user, role="township_staff", region_code="371702")
    assert "街道(乡镇)工作人员只能授予街道(乡镇)级区划" in e.value.message
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_unknown_role_is_refused(regions: Any, make_user: Any) -> None:
    with pytest.raises(DomainError) as e:
        assign_role(user=make_user(), role="emperor", region_code="371700")
    assert e.value.field == "role"


def test_staff_role_opens_the_back_office(regions: Any, make_user: Any) -> None:
    user = make_user(("community_staff", "371702001001"))
    assert user.is_staff


def _grant(client: Any, **data: str) -> Any:
    return client.post("/admin/accounts/roleassignment/add/", data)


def test_township_staff_grant_a_role_by_phone_in_their_township(regions: Any,
                                                               make_user: Any) -> None:
    from django.test import Client

    staff = make_user(("township_staff", "371702001"))
    person = make_user(phone="13711112222")
    client = Client()
    client.force_login(staff)
    r = _grant(client, phone="13711112222", role="community_staff", region_code="371702001001")
    assert r.status_code == 302, r.content.decode()
    assert RoleAssignment.objects.filter(user=person, role="community_staff",
                                         region__code="371702001001").exists()

    outside = _grant(client, phone="13711112222", role="community_staff",
                     region_code="371721001001").content.decode()
    assert "只能在您的辖区内授予角色" in outside
    unknown = _grant(client, phone="13799998888", role="community_staff",
                     region_code="371702001001").content.decode()
    assert "该手机号尚未注册" in unknown
    assert RoleAssignment.objects.filter(user=person).count() == 1
