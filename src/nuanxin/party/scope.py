"""Who reaches which organisation: a role held for an organisation reaches its subtree.

This is the only door to party membership. Region roles (even the city admin's, even a
superuser) do not open it: membership is for the member and party roles in scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from nuanxin.party.models import Organisation, OrgRole
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class OrgScope:
    paths: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.paths

    def covers(self, org: Organisation | None) -> bool:
        return org is not None and any(org.path.startswith(p) for p in self.paths)

    def q(self, field: str = "organisation") -> Q:
        path_field = f"{field}__path" if field else "path"
        if not self.paths:
            return Q(pk__in=[])
        q = Q()
        for p in self.paths:
            q |= subtree_q(p, path_field)
        return q

    def filter(self, qs: QuerySet[M], field: str = "organisation") -> QuerySet[M]:
        return qs.filter(self.q(field))


def org_scope(user: object) -> OrgScope:
    """The organisation subtrees `user` reaches through party roles (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return OrgScope(())
    cached = getattr(user, "_party_scope", None)
    if cached is None:
        paths = sorted(set(OrgRole.objects.filter(user=user)  # type: ignore[misc]
                           .values_list("organisation__path", flat=True)))
        minimal: list[str] = []
        for p in paths:
            if not any(p.startswith(o) for o in minimal):
                minimal.append(p)
        cached = OrgScope(tuple(minimal))
        user._party_scope = cached  # type: ignore[attr-defined]
    return cached


def held_organisations(user: object) -> QuerySet[Organisation]:
    """The organisations `user` holds a role for (the tops of their scope)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return (Organisation.objects.filter(roles__user=user)  # type: ignore[misc]
            .select_related("region").distinct())


def region_of_scope(user: object, region: Region) -> bool:
    """Does a held organisation's region contain `region` (for region-level figures)?"""
    return any(region.path.startswith(o.region.path) for o in held_organisations(user))


def may_read_region(user: object, region: Region) -> bool:
    """Aggregate figures of a region: staff whose region scope covers it, or party roles
    whose organisation sits at or above it. (Counts only, never who is a member.)"""
    from nuanxin.accounts.permissions import staff_scope

    return staff_scope(user).covers(region) or region_of_scope(user, region)
