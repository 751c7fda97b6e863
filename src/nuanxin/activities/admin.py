"""Activities in the back office, each staff member seeing their region's subtree.

Saves and deletes go through the activities services (scope on the old and new region,
seats already held, cancelling tells the participants)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from nuanxin.activities import services
from nuanxin.activities.models import Activity, CarePlan, Signup
from nuanxin.activities.services import ORGANISER_ROLES
from nuanxin.people.selectors import current_user
from nuanxin.web.admin_scope import RegionScopedAdmin, ServiceAdmin
from nuanxin.web.admin_search import PhoneSearchMixin


@admin.register(CarePlan)
class CarePlanAdmin(ServiceAdmin):
    change_roles = ORGANISER_ROLES
    list_display = ["year", "theme", "region"]
    raw_id_fields = ["region"]

    def service_check(self, request: HttpRequest, obj: CarePlan, form: Any) -> None:
        services.check_care_plan(actor=current_user(request), plan=obj)

    def service_save(self, request: HttpRequest, obj: CarePlan, form: Any) -> CarePlan:
        return services.save_care_plan(actor=current_user(request), plan=obj)

    def service_delete(self, request: HttpRequest, obj: CarePlan) -> None:
        services.delete_care_plan(actor=current_user(request), plan_id=obj.pk)


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    cancel_reason = forms.CharField(
        label="取消原因", required=False, max_length=150,
        help_text="把状态改为“已取消”时必填，会通知所有已报名和候补的人")

    class Meta:
        model = Activity
        fields = ["plan", "cadence", "category", "title", "description", "region",
                  "worker_kinds", "station", "address", "lng", "lat", "starts_at", "ends_at",
                  "signup_opens_at", "signup_closes_at", "capacity", "waitlist_size",
                  "for_children", "child_min_age", "child_max_age", "points", "status",
                  "organiser"]


@admin.register(Activity)
class ActivityAdmin(ServiceAdmin):
    form = ActivityForm
    change_roles = ORGANISER_ROLES
    list_display = ["title", "category", "cadence", "starts_at", "region", "capacity",
                    "waitlist_size", "status"]
    list_filter = ["category", "cadence", "status"]
    search_fields = ["title", "address"]
    date_hierarchy = "starts_at"
    list_select_related = ["region"]
    raw_id_fields = ["station", "region", "plan"]
    readonly_fields = ["checkin_code", "created_by", "created_at"]

    def service_check(self, request: HttpRequest, obj: Activity, form: Any) -> None:
        services.check_activity(actor=current_user(request), activity=obj,
                                cancel_reason=form.cleaned_data.get("cancel_reason") or "")

    def service_save(self, request: HttpRequest, obj: Activity, form: Any) -> Activity:
        return services.save_activity(
            actor=current_user(request), activity=obj,
            cancel_reason=form.cleaned_data.get("cancel_reason") or "")

    def service_delete(self, request: HttpRequest, obj: Activity) -> None:
        services.delete_activity(actor=current_user(request), activity_id=obj.pk)


@admin.register(Signup)
class SignupAdmin(PhoneSearchMixin, RegionScopedAdmin):
    search_fields = ["user__display_name", "activity__title"]
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
