"""Partners and their keys, for the city administrators. Keys are issued by
`nuanxin open311_key` (shown once); here they can be reviewed and switched off."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import Role
from nuanxin.open311.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "prefix", "active", "created_at")
    fields = ("name", "prefix", "active", "created_at")
    readonly_fields = ("name", "prefix", "created_at")

    def _ok(self, request: HttpRequest) -> bool:
        return not region_scope(request.user, roles={Role.CITY_ADMIN}).is_empty

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._ok(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._ok(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._ok(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
