"""Activities in the back office, each staff member seeing their region's subtree."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from nuanxin.activities.models import Activity, CarePlan, Signup
from nuanxin.activities.services import ORGANISER_ROLES
from nuanxin.core.admin_scope import RegionScopedAdmin


@admin.register(CarePlan)
class CarePlanAdmin(RegionScopedAdmin):
    change_roles = ORGANISER_ROLES
    list_display = ["year", "theme", "region"]


@admin.register(Activity)
class ActivityAdmin(RegionScopedAdmin):
    change_roles = ORGANISER_ROLES
    list_display = ["title", "category", "cadence", "starts_at", "region", "capacity",
                    "waitlist_size", "status"]
    list_filter = ["category", "cadence", "status"]
    search_fields = ["title", "address"]
    date_hierarchy = "starts_at"
    list_select_related = ["region"]
    raw_id_fields = ["station", "region", "plan"]
    readonly_fields = ["checkin_code", "created_by", "created_at"]


@admin.register(Signup)
class SignupAdmin(RegionScopedAdmin):
    region_field = "activity__region"
    list_display = ["activity", "display_name", "phone", "status", "child_name", "created_at",
                    "attended_at"]
    list_filter = ["status"]
    list_select_related = ["activity", "user"]
    readonly_fields = ["activity", "user", "status", "child_name", "child_birth_date",
                       "created_at", "promoted_at", "cancelled_at", "attended_at",
                       "attendance_by"]
    exclude = ["user"]

    @admin.display(description="报名人")
    def display_name(self, obj: Signup) -> str:
        return obj.user.display_name

    @admin.display(description="手机号")
    def phone(self, obj: Signup) -> str:
        return obj.user.phone_masked

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # seats move only through the locked services
