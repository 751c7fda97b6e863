"""Back office: award rules per city (city admins edit), shop items (staff of the region edit),
and read-only ledgers, redemptions and the adjustment audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest

from nuanxin.people.selectors import current_user
from nuanxin.points import items, services
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
from nuanxin.web.admin_scope import RegionScopedAdmin, ServiceAdmin
from nuanxin.web.admin_search import PhoneSearchMixin


class _AddableServiceAdmin(ServiceAdmin):
    """Staff who may change rows of their region may also add them there; the region choices
    are their region's subtree (the services refuse anything else whatever is sent)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.scope(request, self.change_roles).is_empty

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest,  # type: ignore[type-arg]
                                 **kwargs: Any) -> ModelChoiceField | None:  # type: ignore[type-arg]
        if db_field.related_model is Region:
            kwargs["queryset"] = self.scope(request, self.change_roles).filter(
                Region.objects.all(), "")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return field


@admin.register(AwardRule)
class AwardRuleAdmin(_AddableServiceAdmin):
    region_field = "city"
    change_roles = services.RULE_ROLES
    list_display = ["city", "reason", "amount", "daily_cap", "monthly_cap", "active",
                    "updated_by", "updated_at"]
    list_filter = ["reason", "active"]
    readonly_fields = ["updated_by", "updated_at"]

    def service_check(self, request: HttpRequest, obj: AwardRule, form: Any) -> None:
        services.check_award_rule(actor=current_user(request), rule=obj)

    def service_save(self, request: HttpRequest, obj: AwardRule, form: Any) -> AwardRule:
        return services.save_award_rule(actor=current_user(request), rule=obj)

    def service_delete(self, request: HttpRequest, obj: AwardRule) -> None:
        services.delete_award_rule(actor=current_user(request), rule_id=obj.pk)


class ShopItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ShopItem
        fields = ["name", "category", "description", "station", "merchant_name", "region",
                  "price", "stock", "valid_from", "valid_until", "code_valid_hours",
                  "per_user_limit", "active"]


@admin.register(ShopItem)
class ShopItemAdmin(_AddableServiceAdmin):
    form = ShopItemForm
    change_roles = set(ADJUST_ROLES)
    list_display = ["name", "category", "provider", "region", "price", "stock", "valid_until",
                    "active"]
    list_filter = ["category", "active"]
    search_fields = ["name", "merchant_name", "station__name"]
    list_select_related = ["station", "region"]
    raw_id_fields = ["station"]

    def service_check(self, request: HttpRequest, obj: ShopItem, form: Any) -> None:
        items.check_item(actor=current_user(request), item=obj)

    def service_save(self, request: HttpRequest, obj: ShopItem, form: Any) -> ShopItem:
        return items.save_item(actor=current_user(request), item=obj)

    def service_delete(self, request: HttpRequest, obj: ShopItem) -> None:
        items.delete_item(actor=current_user(request), item_id=obj.pk)


class _ReadOnlyScopedAdmin(RegionScopedAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Redemption)
class RedemptionAdmin(PhoneSearchMixin, _ReadOnlyScopedAdmin):
    region_field = "item__region"
    list_display = ["code", "item", "user", "points", "status", "created_at", "expires_at",
                    "confirmed_at", "station"]
    list_filter = ["status"]
    search_fields = ["code", "item__name"]
    list_select_related = ["item", "user", "station"]


@admin.register(Adjustment)
class AdjustmentAdmin(PhoneSearchMixin, _ReadOnlyScopedAdmin):
    phone_path = "subject__"
    list_display = ["created_at", "actor", "subject", "region", "amount", "reason", "ip_address"]
    list_select_related = ["actor", "subject", "region"]
    search_fields = ["reason"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(PhoneSearchMixin, _ReadOnlyScopedAdmin):
    phone_path = "account__user__"
    search_fields = ["account__user__display_name", "note"]
    region_field = "account__user__worker__work_region"
    list_display = ["created_at", "account", "amount", "reason", "source", "actor", "note"]
    list_filter = ["reason"]
    list_select_related = ["account__user", "actor"]
    show_full_result_count = False


@admin.register(PointsAccount)
class PointsAccountAdmin(PhoneSearchMixin, _ReadOnlyScopedAdmin):
    search_fields = ["user__display_name"]
    region_field = "user__worker__work_region"
    list_display = ["user", "balance", "updated_at"]
    list_select_related = ["user"]
    show_full_result_count = False
