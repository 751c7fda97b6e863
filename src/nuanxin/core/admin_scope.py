"""Admin classes that show each staff member only their region's subtree.

Permission comes from the one permission function (`region_scope`), not Django's
per-model permission table: a role held for a region is what grants the back office.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from nuanxin.accounts.permissions import RegionScope, region_scope
from nuanxin.accounts.roles import STAFF_ROLES


class RegionScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """`region_field` names the Region FK ('' when the model is Region itself)."""

    region_field = "region"
    view_roles: set[str] = set(STAFF_ROLES)
    change_roles: set[str] = set()

    def scope(self, request: HttpRequest, roles: set[str]) -> RegionScope:
        return region_scope(request.user, roles=roles)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope(request, self.view_roles).filter(super().get_queryset(request),
                                                           self.region_field)

    def _region_of(self, obj: Model) -> Any:
        if not self.region_field:
            return obj
        for part in self.region_field.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and not self.scope(request, self.view_roles).is_empty

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        s = self.scope(request, self.view_roles)
        return not s.is_empty and (obj is None or s.covers(self._region_of(obj)))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        s = self.scope(request, self.change_roles)
        return not s.is_empty and (obj is None or s.covers(self._region_of(obj)))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser)
