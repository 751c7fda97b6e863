"""Benefit programmes and applications in the back office (region-scoped, masked)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from nuanxin.benefits import services
from nuanxin.benefits.models import Application, BenefitUse, Programme
from nuanxin.people.selectors import current_user
from nuanxin.web.admin_scope import RegionScopedAdmin, ServiceAdmin
from nuanxin.web.admin_search import PhoneSearchMixin


@admin.register(Programme)
class ProgrammeAdmin(ServiceAdmin):
    """Saves and deletes through the benefits services (scope on old and new region, quota
    never under the approved places)."""

    change_roles = services.PROGRAMME_ROLES
    list_display = ["name", "kind", "region", "quota", "cover_amount", "insurer", "starts_on",
                    "ends_on", "open_for_applications"]
    list_filter = ["kind", "open_for_applications"]
    raw_id_fields = ["region"]

    def service_check(self, request: HttpRequest, obj: Programme, form: Any) -> None:
        services.check_programme(actor=current_user(request), programme=obj)

    def service_save(self, request: HttpRequest, obj: Programme, form: Any) -> Programme:
        return services.save_programme(actor=current_user(request), programme=obj)

    def service_delete(self, request: HttpRequest, obj: Programme) -> None:
        services.delete_programme(actor=current_user(request), programme_id=obj.pk)


@admin.register(Application)
class ApplicationAdmin(PhoneSearchMixin, RegionScopedAdmin):
    search_fields = ["user__display_name"]
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
