"""Who may do what with a mediation dossier, and which rung a difficulty starts on."""

from __future__ import annotations

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can, region_scope
from nuanxin.accounts.roles import Role
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.mediation.models import Difficulty, MediationCase
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import ancestors

MEDIATOR_ROLES = {Role.MEDIATOR}
# The parties' data: mediators and staff whose region covers the case, nobody else.
VIEW_ROLES = {Role.MEDIATOR, Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF,
              Role.CITY_ADMIN}
START_LEVEL = {Difficulty.SIMPLE: Level.VILLAGE, Difficulty.COMPLEX: Level.TOWNSHIP,
               Difficulty.HARD: Level.COUNTY}
LEVEL_LABEL: dict[str, str] = {Level.VILLAGE: "村(社区)调委会", Level.TOWNSHIP: "乡镇(街道)调委会",
               Level.COUNTY: "县区调委会", Level.GRID: "村(社区)调委会"}


def regions_of(m: MediationCase) -> list[Region]:
    return [r for r in (m.case.region if m.case else None, m.intake_region) if r is not None]


def may_view(user: User, m: MediationCase) -> bool:
    scope = region_scope(user, roles=VIEW_ROLES)
    return any(scope.covers(r) for r in regions_of(m))


def need_view(user: User, m: MediationCase) -> None:
    if not may_view(user, m):
        raise PermissionDenied("只有本辖区的调解员和工作人员可以查看调解案卷")


def need_mediator(user: User, m: MediationCase) -> None:
    """The mediator who holds the case now (its current rung), or one above it."""
    region = m.case.region if m.case else m.intake_region
    if not can(user, MEDIATOR_ROLES, region):
        raise PermissionDenied("只有承办该案件的人民调解员可以操作")


def start_region(intake: Region, difficulty: str) -> Region:
    """简单: the village committee; 复杂: the township's; 疑难: the county's."""
    if difficulty not in Difficulty.values:
        raise DomainError("难易程度只能是：简单、复杂、疑难", field="difficulty")
    wanted = START_LEVEL[Difficulty(difficulty)]
    if intake.level == wanted:
        return intake
    found = next((r for r in ancestors(intake) if r.level == wanted), None)
    if found is None:
        raise DomainError("受理地没有对应层级的调解委员会", field="difficulty")
    return found


def level_label(region: Region) -> str:
    return LEVEL_LABEL.get(Level(region.level), "调委会")
