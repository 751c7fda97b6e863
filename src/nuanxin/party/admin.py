"""Organisations and their roles in the back office, through the services.

Membership, check-ins and the pipeline are deliberately not in the admin: they are
sensitive, and the party pages show them only to party roles in scope, with a log row.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from nuanxin.accounts.models import User
from nuanxin.accounts.services import find_user_by_phone
from nuanxin.kernel.errors import DomainError
from nuanxin.party import services
from nuanxin.party.models import Organisation, OrgKind, OrgRole, OrgRoleKind
from nuanxin.party.scope import org_scope
from nuanxin.regions.models import Region


class _PartyScoped(admin.ModelAdmin):  # type: ignore[type-arg]
    """Superusers (who run the back office) and party roles for their organisations."""

    org_field = "organisation"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return org_scope(request.user).filter(qs, self.org_field)

    def _may(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and (request.user.is_superuser
                                                or not org_scope(request.user).is_empty))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    region_code = forms.CharField(label="区划代码", max_length=20)
    kinds_text = forms.CharField(label="覆盖群体", required=False,
                                 help_text="群体代码，逗号分隔，如 delivery_rider,courier")
    platforms_text = forms.CharField(label="覆盖平台", required=False, help_text="逗号分隔")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "brand", "parent", "secretary", "contact_phone", "address",
                  "lng", "lat"]

    def clean_region_code(self) -> str:
        code = str(self.cleaned_data.get("region_code") or "").strip()
        if not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(f"区划代码“{code}”不存在")
        return code


@admin.register(Organisation)
class OrganisationAdmin(_PartyScoped):
    org_field = ""
    form = OrganisationForm
    list_display = ["name", "kind", "region", "secretary", "contact_phone", "address"]
    list_filter = ["kind"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]
    raw_id_fields = ["parent"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may(request)

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool
                   ) -> None:
        d = form.cleaned_data
        assert isinstance(request.user, User)
        try:
            saved = services.create_organisation(
                actor=request.user, name=d["name"], kind=d["kind"] or OrgKind.COMMUNITY,
                region_code=d["region_code"].strip(), lng=d["lng"], lat=d["lat"],
                parent_id=d["parent"].pk if d.get("parent") else None,
                secretary=d.get("secretary") or "", contact_phone=d.get("contact_phone") or "",
                address=d.get("address") or "", brand=d.get("brand") or "",
                worker_kinds=(d.get("kinds_text") or "").split(","),
                platforms=(d.get("platforms_text") or "").split(","))
        except DomainError as e:  # the form checked the region; the scope is the service's
            messages.error(request, e.message)
            raise
        obj.pk = saved.pk


class OrgRoleForm(forms.ModelForm):  # type: ignore[type-arg]
    phone = forms.CharField(label="手机号", max_length=20)

    class Meta:
        model = OrgRole
        fields = ["organisation", "role"]

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "")
        try:
            found = find_user_by_phone(phone)
        except DomainError as e:
            raise forms.ValidationError(e.message) from None
        if found is None:
            raise forms.ValidationError("该手机号尚未注册")
        return phone


@admin.register(OrgRole)
class OrgRoleAdmin(_PartyScoped):
    form = OrgRoleForm
    list_display = ["user", "organisation", "role", "granted_by", "created_at"]
    list_select_related = ["user", "organisation", "granted_by"]
    raw_id_fields = ["organisation"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and (obj is None or request.user.is_superuser
                                       or org_scope(request.user).covers(obj.organisation))

    def save_model(self, request: HttpRequest, obj: OrgRole, form: Any, change: bool) -> None:
        d = form.cleaned_data
        assert isinstance(request.user, User)
        saved = services.grant_org_role(actor=request.user, organisation_id=d["organisation"].pk,
                                        phone=d["phone"], role=d["role"] or OrgRoleKind.STAFF)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: OrgRole) -> None:
        assert isinstance(request.user, User)
        services.revoke_org_role(actor=request.user, role_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OrgRole]) -> None:
        for row in queryset:
            self.delete_model(request, row)
