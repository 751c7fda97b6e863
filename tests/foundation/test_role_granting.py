"""Role granting is checked by the service itself, not only by the admin form (issue 9)."""

from __future__ import annotations

import pytest

from nuanxin.accounts.models import RoleAssignment
from nuanxin.accounts.services import assign_role, revoke_role
from nuanxin.kernel.errors import PermissionDenied

pytestmark = pytest.mark.django_db


def test_granter_must_reach_the_region(make_user, regions):
    township = make_user(("township_staff", "371702001"))
    person = make_user()
    with pytest.raises(PermissionDenied) as e:
        assign_role(user=person, role="community_staff", region_code="371721001001",
                    granted_by=township)
    assert e.value.field == "region"
    assert not RoleAssignment.objects.filter(user=person, role="community_staff").exists()
    made = assign_role(user=person, role="community_staff", region_code="371702001001",
                       granted_by=township)
    assert made.granted_by == township


def test_a_grid_worker_cannot_grant_even_inside_their_grid(make_user, regions):
    grid_worker = make_user(("grid_worker", "371702001001"))
    with pytest.raises(PermissionDenied):
        assign_role(user=make_user(), role="grid_worker", region_code="371702001001",
                    granted_by=grid_worker)


def test_nobody_grants_or_revokes_their_own_role(make_user, regions):
    county = make_user(("county_staff", "371702"))
    with pytest.raises(PermissionDenied):
        assign_role(user=county, role="community_staff", region_code="371702001001",
                    granted_by=county)
    own = county.roles.get()
    with pytest.raises(PermissionDenied):
        revoke_role(assignment_id=own.pk, revoked_by=county)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_revoking_needs_the_region_in_scope(make_user, regions):
    township = make_user(("township_staff", "371702001"))
    person = make_user(("community_staff", "371721001001"))
    with pytest.raises(PermissionDenied):
        revoke_role(assignment_id=person.roles.get().pk, revoked_by=township)
    city = make_user(("city_admin", "371700"))
    revoke_role(assignment_id=person.roles.get().pk, revoked_by=city)
    assert not person.roles.exists()
