"""Users and roles in the back office. Roles are granted through the service, never raw."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest

from nuanxin.accounts.forms import AdminPhoneLoginForm
from nuanxin.accounts.models import ApiToken, RoleAssignment, User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import GRANTING_ROLES, ROLE_LEVELS
from nuanxin.accounts.services import assign_role, find_user_by_phone, revoke_role
from nuanxin.kernel.errors import DomainError
from nuanxin.people.selectors import current_user
from nuanxin.regions.models import Region
from nuanxin.web.admin_scope import RegionScopedAdmin
from nuanxin.web.admin_search import PhoneSearchMixin

AdminSite.login_form = AdminPhoneLoginForm


class RoleForm(forms.ModelForm):  # type: ignore[type-arg]
    """The person is named by their phone (no browsing of all users across regions);
    checks the region exists, suits the role, and lies in the granter's scope."""

    phone = forms.CharField(label="手机号", max_length=20)
    region_code = forms.CharField(label="区划代码", max_length=20)
    request: HttpRequest

    class Meta:
        model = RoleAssignment
        fields = ["role"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["grantee"] = find_user_by_phone(data.get("phone") or "")
        except DomainError as e:
            self.add_error("phone", e.message)
        else:
            if data["grantee"] is None:
                self.add_error("phone", "该手机号尚未注册")
        code = (data.get("region_code") or "").strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            self.add_error("region_code", f"区划代码“{code}”不存在")
        elif not can(self.request.user, GRANTING_ROLES, region):
            self.add_error("region_code", "只能在您的辖区内授予角色")
        elif data.get("role") and region.level not in ROLE_LEVELS[data["role"]]:
            self.add_error("region_code", f"该角色不能授予{region.get_level_display()}级区划")
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(PhoneSearchMixin, RegionScopedAdmin):
    form = RoleForm
    view_roles = GRANTING_ROLES
    list_display = ["user", "role", "region", "granted_by", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "region", "granted_by"]
    search_fields = ["user__display_name", "region__name", "region__code"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.scope(request, GRANTING_ROLES).is_empty

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and can(request.user, GRANTING_ROLES, obj.region)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type("RoleFormForRequest", (form,), {"request": request})

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool
                   ) -> None:
        saved = assign_role(user=form.cleaned_data["grantee"], role=obj.role,
                            region_code=form.cleaned_data["region_code"].strip(),
                            granted_by=current_user(request))
        obj.pk, obj.user, obj.region = saved.pk, saved.user, saved.region

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        try:
            revoke_role(assignment_id=obj.pk, revoked_by=current_user(request))
        except DomainError as e:
            raise DjangoPermissionDenied(e.message) from e

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(User)
class UserAdmin(PhoneSearchMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    phone_path = ""
    list_display = ["display_name", "phone_masked", "is_staff", "is_active", "date_joined"]
    search_fields = ["display_name"]
    fields = ["display_name", "phone_masked", "is_active", "is_staff", "date_joined"]
    readonly_fields = ["phone_masked", "date_joined", "is_staff"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at"]
    exclude = ["key_digest"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
