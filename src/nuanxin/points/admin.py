"""Back office: award rules per city (city admins edit), shop items (staff of the region edit),
and read-only ledgers, redemptions and the adjustment audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest

from nuanxin.accounts.roles import Role
from nuanxin.core.admin_scope import RegionScopedAdmin
from nuanxin.core.errors import DomainError
from nuanxin.points.items import validate_item, validate_numbers
from nuanxin.points.models import (
    Adjustment,
    AwardRule,
    LedgerEntry,
    PointsAccount,
    Redemption,
    ShopItem,
)
from nuanxin.points.selectors import ADJUST_ROLES
from nuanxin.regions.models import Region


class _AddableScopedAdmin(RegionScopedAdmin):
    """Staff who may change rows of their region may also add them there."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.scope(request, self.change_roles).is_empty

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest,  # type: ignore[type-arg]
                                 **kwargs: Any) -> ModelChoiceField | None:  # type: ignore[type-arg]
        if db_field.related_model is Region:
            kwargs["queryset"] = self.scope(request, self.change_roles).filter(
                Region.objects.all(), "")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return field  # type: ignore[no-any-return]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not self.scope(request, self.change_roles).covers(self._region_of(obj)):
            raise ValidationError("该区域不在您的辖区内")
        super().save_model(request, obj, form, change)


@admin.register(AwardRule)
class AwardRuleAdmin(_AddableScopedAdmin):
    region_field = "city"
    change_roles = {Role.CITY_ADMIN}
    list_display = ["city", "reason", "amount", "daily_cap", "monthly_cap", "active",
                    "updated_by", "updated_at"]
    list_filter = ["reason", "active"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ShopItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ShopItem
        fields = ["name", "category", "description", "station", "merchant_name", "region",
                  "price", "stock", "valid_from", "valid_until", "code_valid_hours",
                  "per_user_limit", "active"]

    def clean(self) -> dict[str, Any]:
        """The service's rules, each message on its field (which also spares the user the
        database constraint's generic message for the same fault)."""
        data = super().clean() or {}
        checks = [
            lambda: validate_item(station=data.get("station"),
                                  merchant_name=data.get("merchant_name", ""),
                                  region=data.get("region"), valid_from=data.get("valid_from"),
                                  valid_until=data.get("valid_until")),
            lambda: validate_numbers(price=data.get("price"), stock=data.get("stock"),
                                     code_valid_hours=data.get("code_valid_hours")),
        ]
        for check in checks:
            try:
                check()
            except DomainError as e:
                self.add_error(e.field if e.field in self.fields else None, e.message)
        return data


@admin.register(ShopItem)
class ShopItemAdmin(_AddableScopedAdmin):
    form = ShopItemForm
    change_roles = set(ADJUST_ROLES)
    list_display = ["name", "category", "provider", "region", "price", "stock", "valid_until",
                    "active"]
    list_filter = ["category", "active"]
    search_fields = ["name", "merchant_name", "station__name"]
    list_select_related = ["station", "region"]
    raw_id_fields = ["station"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class _ReadOnlyScopedAdmin(RegionScopedAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Redemption)
class RedemptionAdmin(_ReadOnlyScopedAdmin):
    region_field = "item__region"
    list_display = ["code", "item", "user", "points", "status", "created_at", "expires_at",
                    "confirmed_at", "station"]
    list_filter = ["status"]
    search_fields = ["code", "item__name"]
    list_select_related = ["item", "user", "station"]


@admin.register(Adjustment)
class AdjustmentAdmin(_ReadOnlyScopedAdmin):
    list_display = ["created_at", "actor", "subject", "region", "amount", "reason", "ip_address"]
    list_select_related = ["actor", "subject", "region"]
    search_fields = ["reason"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(_ReadOnlyScopedAdmin):
    region_field = "account__user__worker__work_region"
    list_display = ["created_at", "account", "amount", "reason", "source", "actor", "note"]
    list_filter = ["reason"]
    list_select_related = ["account__user", "actor"]
    show_full_result_count = False


@admin.register(PointsAccount)
class PointsAccountAdmin(_ReadOnlyScopedAdmin):
    region_field = "user__worker__work_region"
    list_display = ["user", "balance", "updated_at"]
    list_select_related = ["user"]
    show_full_result_count = False
