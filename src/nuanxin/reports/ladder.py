"""The escalation ladder: village/community (and grid) -> township -> county.

"小事不出村、大事不出镇、矛盾不上交": a report climbs one rung each time a deadline passes.
"""

from __future__ import annotations

from nuanxin.accounts.models import RoleAssignment, User
from nuanxin.accounts.roles import Role
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.paths import codes_of
from nuanxin.reports.models import HandlerKind

HANDLER_ROLES = {Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF,
                 Role.COUNTY_STAFF, Role.CITY_ADMIN}
UPPER_ROLES = {Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN}
# Property matters (HandlerKind.PROPERTY, e.g. "门岗不放行") are also the property company's.
PROPERTY_ROLES: set[Role] = {Role.PROPERTY_COMPANY}
RUNGS = [Level.VILLAGE, Level.TOWNSHIP, Level.COUNTY]
# Cases of some origins are handled by other roles than the snap-report handlers.
ORIGIN_HANDLER_ROLES: dict[str, set[str]] = {"mediation": {str(Role.MEDIATOR)}}


def handler_roles(origin: str, handler_kind: str = "") -> set[str]:
    """The roles that handle a case of `origin` (snap reports: the grid-to-county staff);
    a property matter (HandlerKind.PROPERTY) is also the property company's."""
    roles = ORIGIN_HANDLER_ROLES.get(origin) or {str(r) for r in HANDLER_ROLES}
    if handler_kind == HandlerKind.PROPERTY:
        roles = roles | {str(r) for r in PROPERTY_ROLES}
    return roles


def rung(region: Region) -> str:
    """The ladder rung a region stands on (a grid belongs to its community's rung)."""
    return Level.VILLAGE if region.level in (Level.GRID, Level.VILLAGE) else str(region.level)


def ancestors_up(region: Region) -> list[Region]:
    """Strict ancestors, nearest first (one query)."""
    codes = codes_of(region.path)[:-1]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[c] for c in reversed(codes) if c in by_code]


def next_rung(region: Region) -> Region | None:
    """The region one rung up (township for a grid or community, county for a township)."""
    wanted = {Level.GRID: Level.TOWNSHIP, Level.VILLAGE: Level.TOWNSHIP,
              Level.TOWNSHIP: Level.COUNTY}.get(Level(region.level))
    if wanted is None:
        return None
    return next((r for r in ancestors_up(region) if r.level == wanted), None)


def parent_region(region: Region) -> Region | None:
    ups = ancestors_up(region)
    return ups[0] if ups else None


def handlers_of(region: Region, roles: set[str] | None = None) -> list[User]:
    """Who holds a handler role for exactly `region`, else for the nearest ancestor with one."""
    for r in [region, *ancestors_up(region)]:
        users = list(User.objects.filter(
            is_active=True,
            roles__in=RoleAssignment.objects.filter(region=r, role__in=roles or HANDLER_ROLES),
        ).distinct())
        if users:
            return users
    return []
