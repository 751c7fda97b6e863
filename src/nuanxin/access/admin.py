"""The back office for access: community rules, map, parking points and bikes (saved through
the services), passes (revoke), and read-only trips, damage reports and scans."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html

from nuanxin.access import bike_services, services
from nuanxin.access.models import (
    Bike,
    Community,
    Damage,
    MapFeature,
    ParkingPoint,
    RiderPass,
    Scan,
    Trip,
)
from nuanxin.accounts.models import User
from nuanxin.kernel.errors import DomainError
from nuanxin.web.admin_scope import RegionScopedAdmin

RULES: set[str] = {str(r) for r in services.RULE_ROLES}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class _ServiceSaved(RegionScopedAdmin):
    view_roles = RULES | RegionScopedAdmin.view_roles
    change_roles = RULES

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.scope(request, self.change_roles).is_empty

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.save_through_service(request, obj, change)

    def changeform_view(self, request: HttpRequest, object_id: str | None = None,
                        form_url: str = "", extra_context: dict[str, Any] | None = None
                        ) -> HttpResponse:
        """A service's refusal is shown on the form page; nothing was written (atomic)."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as e:
            messages.error(request, e.message)
            return HttpResponseRedirect(request.get_full_path())

    def save_through_service(self, request: HttpRequest, obj: Any, change: bool) -> None:
        raise NotImplementedError


@admin.register(Community)
class CommunityAdmin(_ServiceSaved):
    list_display = ["region", "opted_in", "hours_text", "ebike_rule", "parking_note",
                    "bike_minutes"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]

    def save_through_service(self, request: HttpRequest, obj: Community, change: bool) -> None:
        services.set_community_rules(user=_user(request), region_code=obj.region.code,
                                     rules=services.Rules(
            opted_in=obj.opted_in, open_from=obj.open_from, open_until=obj.open_until,
            ebike_rule=obj.ebike_rule, parking_note=obj.parking_note,
            bike_minutes=obj.bike_minutes))


@admin.register(MapFeature)
class MapFeatureAdmin(_ServiceSaved):
    region_field = "community__region"
    list_display = ["community", "kind", "name", "note"]
    list_filter = ["kind"]

    def save_through_service(self, request: HttpRequest, obj: MapFeature, change: bool) -> None:
        services.save_map_feature(user=_user(request), feature=obj)


@admin.register(ParkingPoint)
class ParkingPointAdmin(_ServiceSaved):
    region_field = "community__region"
    list_display = ["name", "community", "qr"]
    fields = ["community", "name", "lng", "lat"]

    @admin.display(description="二维码")
    def qr(self, obj: ParkingPoint) -> str:
        return format_html('<a href="/access/qr/p/{}.svg" target="_blank">打印</a>', obj.code)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_through_service(self, request: HttpRequest, obj: ParkingPoint, change: bool) -> None:
        made = bike_services.add_point(user=_user(request), community=obj.community,
                                       name=obj.name, lng=obj.lng, lat=obj.lat)
        obj.pk = made.pk


@admin.register(Bike)
class BikeAdmin(_ServiceSaved):
    region_field = "community__region"
    list_display = ["number", "mark", "community", "point", "out", "in_service", "qr"]
    list_filter = ["in_service"]
    fields = ["community", "number", "point"]
    actions = ["repair"]

    @admin.display(description="借出中", boolean=True)
    def out(self, obj: Bike) -> bool:
        return obj.rider_id is not None

    @admin.display(description="二维码")
    def qr(self, obj: Bike) -> str:
        return format_html('<a href="/access/qr/b/{}.svg" target="_blank">打印</a>', obj.code)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_through_service(self, request: HttpRequest, obj: Bike, change: bool) -> None:
        if obj.point is None:
            raise DomainError("请选择停放点", field="point")
        made = bike_services.add_bike(user=_user(request), community=obj.community,
                                      number=obj.number, point=obj.point)
        obj.pk = made.pk

    @admin.action(description="已修复，恢复使用")
    def repair(self, request: HttpRequest, queryset: QuerySet[Bike]) -> None:
        for bike in queryset:
            try:
                bike_services.repair(user=_user(request), bike_code=bike.code)
            except DomainError as e:
                messages.error(request, f"{bike.number}：{e.message}")


class _ReadOnly(RegionScopedAdmin):
    view_roles = RULES | RegionScopedAdmin.view_roles

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(RiderPass)
class RiderPassAdmin(_ReadOnly):
    region_field = "worker__work_region"
    list_display = ["number", "issued_at", "expires_at", "revoked_at", "revoked_reason"]
    exclude = ["photo", "photo_thumb"]
    actions = ["revoke"]

    @admin.action(description="注销所选通行证")
    def revoke(self, request: HttpRequest, queryset: QuerySet[RiderPass]) -> None:
        for p in queryset:
            try:
                services.revoke_pass(user=_user(request), number=p.number, reason="后台注销")
            except DomainError as e:
                messages.error(request, f"{p.number}：{e.message}")


@admin.register(Trip)
class TripAdmin(_ReadOnly):
    region_field = "bike__community__region"
    list_display = ["bike", "started_at", "due_at", "ended_at", "to_point", "overdue"]
    list_filter = ["overdue"]
    exclude = ["rider"]


@admin.register(Damage)
class DamageAdmin(_ReadOnly):
    region_field = "bike__community__region"
    list_display = ["bike", "note", "created_at", "repaired_at"]
    exclude = ["reporter"]


@admin.register(Scan)
class ScanAdmin(_ReadOnly):
    region_field = "community__region"
    list_display = ["community", "pass_number", "result", "server_result", "reason",
                    "scanned_at", "received_at"]
    list_filter = ["result", "server_result"]
    exclude = ["guard"]
