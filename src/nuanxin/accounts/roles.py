"""Roles, and which region levels each may be held for."""

from django.db import models

from nuanxin.regions.levels import Level


class Role(models.TextChoices):
    WORKER = "worker", "新就业群体"
    STATION_OPERATOR = "station_operator", "站点负责人"
    GRID_WORKER = "grid_worker", "网格员"
    COMMUNITY_STAFF = "community_staff", "社区工作者"
    TOWNSHIP_STAFF = "township_staff", "街道(乡镇)工作人员"
    COUNTY_STAFF = "county_staff", "县区工作人员"
    CITY_ADMIN = "city_admin", "市委社会工作部管理员"
    PARTY_STAFF = "party_staff", "党组织工作人员"
    PROPERTY_COMPANY = "property_company", "物业服务企业"
    GATE_GUARD = "gate_guard", "小区门岗"
    MEDIATOR = "mediator", "人民调解员"


ALL_LEVELS: set[str] = {Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, Level.GRID}

ROLE_LEVELS: dict[str, set[str]] = {
    Role.WORKER: ALL_LEVELS,
    Role.STATION_OPERATOR: ALL_LEVELS,
    Role.GRID_WORKER: {Level.GRID, Level.VILLAGE},
    Role.COMMUNITY_STAFF: {Level.VILLAGE},
    Role.TOWNSHIP_STAFF: {Level.TOWNSHIP},
    Role.COUNTY_STAFF: {Level.COUNTY},
    Role.CITY_ADMIN: {Level.CITY},
    Role.PARTY_STAFF: {Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE},
    # Held for a community (or one of its grids): handles that community's property matters.
    Role.PROPERTY_COMPANY: {Level.VILLAGE, Level.GRID},
    # Held for a community that opted in to rider passes: scans passes at its gates.
    Role.GATE_GUARD: {Level.VILLAGE},
    # People's mediators sit at a village, township or county committee.
    Role.MEDIATOR: {Level.VILLAGE, Level.TOWNSHIP, Level.COUNTY},
}

# Roles that work in the back office (Django admin) for their region.
STAFF_ROLES: set[str] = {
    Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF,
    Role.CITY_ADMIN, Role.PARTY_STAFF,
}
# Roles that may grant (and revoke) roles inside their region.
GRANTING_ROLES: set[str] = {Role.CITY_ADMIN, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF}
# Roles that may see a full phone or ID number of people in their region.
PERSONAL_DATA_ROLES: set[str] = {
    Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN,
    Role.GRID_WORKER,
}
# Roles that may draw the boundaries of the regions under the one they hold.
BOUNDARY_ROLES: set[str] = {
    Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN,
}
