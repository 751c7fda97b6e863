"""The calendar is edited by city administrators (and superusers) in the back office."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import Role
from nuanxin.workcalendar.models import CalendarDay
from nuanxin.workcalendar.selectors import calendar_warning

# The back office's first page warns while a year's holidays are missing (from November
# for next year): deadlines across it would count every weekday as working.
admin.site.index_template = "admin/nuanxin_index.html"


def _city_admin(request: HttpRequest) -> bool:
    return not region_scope(request.user, roles={Role.CITY_ADMIN}).is_empty


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    search_fields = ("name",)
    date_hierarchy = "date"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _city_admin(request)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        text = calendar_warning()
        if text and request.method == "GET":
            messages.warning(request, text)
        return super().changelist_view(request, extra_context)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _city_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _city_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _city_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _city_admin(request)
