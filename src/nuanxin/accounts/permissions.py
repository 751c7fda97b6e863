"""The one place that decides who reaches which region.

A role is held for a region and reaches that region's whole subtree and nothing else.
The API, the pages and the admin all ask `region_scope` (or `can`, built on it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from nuanxin.accounts.roles import PERSONAL_DATA_ROLES, STAFF_ROLES
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class RegionScope:
    """The set of subtrees a user reaches through the given roles."""

    paths: tuple[str, ...]
    everything: bool = False

    def covers(self, region: Region | None) -> bool:
        if self.everything:
            return True
        if region is None:
            return False
        return any(region.path.startswith(p) for p in self.paths)

    def q(self, field: str = "region") -> Q:
        """Q for a queryset whose `field` is a Region FK ('' for Region itself)."""
        path_field = f"{field}__path" if field else "path"
        if self.everything:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        q = Q()
        for p in self.paths:
            q |= subtree_q(p, path_field)
        return q

    def filter(self, qs: QuerySet[M], field: str = "region") -> QuerySet[M]:
        return qs.filter(self.q(field))

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.paths


def _minimal(paths: Iterable[str]) -> tuple[str, ...]:
    """Drop paths already inside another one."""
    out: list[str] = []
    for p in sorted(set(paths)):
        if not any(p.startswith(o) for o in out):
            out.append(p)
    return tuple(out)


def region_scope(user: object, *, roles: Iterable[str]) -> RegionScope:
    """Where `user` may act through any of `roles`. Superusers reach everything."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return RegionScope(())
    if getattr(user, "is_superuser", False):
        return RegionScope((), everything=True)
    wanted = set(roles)
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = list(
            user.roles.select_related("region").values_list("role", "region__path")  # type: ignore[attr-defined]
        )
        user._role_cache = cached  # type: ignore[attr-defined]
    return RegionScope(_minimal(path for role, path in cached if role in wanted))


def can(user: object, roles: Iterable[str], region: Region | None) -> bool:
    """May `user`, through any of `roles`, act on `region`?"""
    return region_scope(user, roles=roles).covers(region)


def staff_scope(user: object) -> RegionScope:
    return region_scope(user, roles=STAFF_ROLES)


def can_view_personal_data(viewer: object, subject: object) -> bool:
    """A full number is for staff whose region covers where the person works, or the person."""
    if viewer == subject:
        return True
    worker = getattr(subject, "worker", None)
    region = getattr(worker, "work_region", None)
    return can(viewer, PERSONAL_DATA_ROLES, region)
