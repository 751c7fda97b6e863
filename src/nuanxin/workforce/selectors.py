"""Reads of the roster: only staff whose scope covers the community (HR data)."""

from __future__ import annotations

from django.db.models import QuerySet

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import Role
from nuanxin.kernel.errors import PermissionDenied
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.workforce.models import Post, StatusChange

HR_ROLES = {Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN}


def roster(*, viewer: User, region: Region) -> QuerySet[Post]:
    """Posts under `region`; refused unless the viewer's HR scope covers it."""
    if not region_scope(viewer, roles=HR_ROLES).covers(region):
        raise PermissionDenied("您无权查看该区域的社区工作者名册", field="region")
    return (Post.objects.filter(subtree_q(region.path, "community__path"))
            .select_related("person", "community").order_by("community__path", "entered_on"))


def history(*, viewer: User, post: Post) -> QuerySet[StatusChange]:
    if viewer.pk != post.person_id and not region_scope(
            viewer, roles=HR_ROLES).covers(post.community):
        raise PermissionDenied("您无权查看该人员的履历")
    return post.history.all()
