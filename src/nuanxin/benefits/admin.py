"""Benefit programmes and applications in the back office (region-scoped, masked)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from nuanxin.accounts.roles import Role
from nuanxin.benefits.models import Application, BenefitUse, Programme
from nuanxin.core.admin_scope import RegionScopedAdmin


@admin.register(Programme)
class ProgrammeAdmin(RegionScopedAdmin):
    change_roles = {Role.COUNTY_STAFF, Role.CITY_ADMIN}
    list_display = ["name", "kind", "region", "quota", "cover_amount", "insurer", "starts_on",
                    "ends_on", "open_for_applications"]
    list_filter = ["kind", "open_for_applications"]


@admin.register(Application)
class ApplicationAdmin(RegionScopedAdmin):
    region_field = "user__worker__work_region"
    list_display = ["programme", "display_name", "phone", "status", "cover_amount",
                    "applied_at", "decided_at"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme", "user"]
    exclude = ["user"]
    readonly_fields = ["programme", "status", "cover_amount", "applied_at", "decided_at",
                       "decided_by", "decision_note"]

    @admin.display(description="申请人")
    def display_name(self, obj: Application) -> str:
        return obj.user.display_name

    @admin.display(description="手机号")
    def phone(self, obj: Application) -> str:
        return obj.user.phone_masked

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # decisions go through the quota-locked services (审核页面)


@admin.register(BenefitUse)
class BenefitUseAdmin(RegionScopedAdmin):
    region_field = "application__user__worker__work_region"
    list_display = ["application", "station", "used_at", "amount_saved"]
    readonly_fields = ["application", "station", "used_at", "amount_saved", "recorded_by"]
