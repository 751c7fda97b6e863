"""Failed jobs and periodic runs in the back office (city administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import Role
from nuanxin.ops.models import JobFailure, JobRun, RetentionRule


class _CityAdminReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return not region_scope(request.user, roles={Role.CITY_ADMIN}).is_empty

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JobFailure)
class JobFailureAdmin(_CityAdminReadOnly):
    list_display = ["failed_at", "task", "error", "retries_left"]
    list_filter = ["task"]


@admin.register(JobRun)
class JobRunAdmin(_CityAdminReadOnly):
    list_display = ["name", "period_start", "started_at", "finished_at", "summary"]
    list_filter = ["name"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """City administrators set how long each kind of personal data is kept."""

    list_display = ["kind", "days", "note", "updated_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return not region_scope(request.user, roles={Role.CITY_ADMIN}).is_empty

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
