"""Stations in the back office, scoped to the staff member's region."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html

from nuanxin.accounts.roles import Role
from nuanxin.kernel.errors import DomainError
from nuanxin.stations import hours as hours_mod
from nuanxin.stations import services
from nuanxin.stations.models import Station, StationDailyVisits
from nuanxin.stations.placement import outside_region_warning
from nuanxin.web.admin_scope import RegionScopedAdmin


class StationForm(forms.ModelForm):  # type: ignore[type-arg]
    """The same checks as every other write (services), shown on the field instead of a 500."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        checks = (("name", services.clean_name), ("phone", services.clean_phone),
                  ("hours", lambda v: hours_mod.validate(v or {})))
        for name, check in checks:
            if name in data:
                try:
                    data[name] = check(data[name])
                except DomainError as e:
                    self.add_error(name, e.message)
        if data.get("lng") is not None and data.get("lat") is not None:
            try:
                data["lng"], data["lat"] = services.clean_point(data["lng"], data["lat"])
            except DomainError as e:
                self.add_error(e.field if e.field in ("lng", "lat") else None, e.message)
        return data


@admin.register(Station)
class StationAdmin(RegionScopedAdmin):
    form = StationForm
    change_roles: set[str] = {Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN}
    list_display = ["name", "kind", "region", "status", "phone", "updated_at", "links"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "address", "search_text"]
    list_select_related = ["region"]
    raw_id_fields = ["region", "operator"]
    readonly_fields = ["service_mask", "search_text", "created_at", "updated_at", "links"]
    fields = ["name", "kind", "address", "region", "lng", "lat", "phone", "operator", "status",
              "closed_reason", "closed_until", "hours", "links", "created_at", "updated_at"]
    show_full_result_count = False

    @admin.display(description="页面")
    def links(self, obj: Station) -> str:
        return format_html('<a href="/stations/{0}/">站点页</a> · <a href="/stations/{0}/edit/">'
                           '修改服务与时间</a> · <a href="/stations/{0}/poster.svg">海报</a>', obj.pk)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_from_admin(obj)
        warning = outside_region_warning(obj.region, obj.lng, obj.lat)
        if warning:
            self.message_user(request, warning, messages.WARNING)


@admin.register(StationDailyVisits)
class StationDailyVisitsAdmin(RegionScopedAdmin):
    region_field = "station__region"
    list_display = ["station", "day", "count"]
    list_filter = ["day"]
    date_hierarchy = "day"
    list_select_related = ["station"]
    search_fields = ["station__name"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
