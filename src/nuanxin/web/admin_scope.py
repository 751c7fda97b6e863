"""Admin classes that show each staff member only their region's subtree.

Permission comes from the one permission function (`region_scope`), not Django's
per-model permission table: a role held for a region is what grants the back office.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from nuanxin.accounts.permissions import RegionScope, region_scope
from nuanxin.accounts.roles import STAFF_ROLES
from nuanxin.kernel.errors import DomainError


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


class ServiceAdmin(RegionScopedAdmin):
    """A region-scoped admin whose saves and deletes go through the app's services.

    The services check scope themselves, against the stored row's region and the new one,
    so a staff member cannot move a row out of their region or edit one that is not theirs
    whatever the form sends. `service_check` runs the same rules during form validation, so a
    refusal shows on its field instead of as an error page; `service_save` and
    `service_delete` re-check under the row lock.
    """

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Judge the stored row: a refused form re-renders with the edited (out-of-scope)
        # instance, which must still show as editable with its error on the field.
        if obj is not None and obj.pk:
            obj = type(obj)._default_manager.filter(pk=obj.pk).first() or obj
        return super().has_change_permission(request, obj)

    def service_check(self, request: HttpRequest, obj: Any, form: Any) -> None:
        """Raise a DomainError for what `service_save` would refuse (no writes)."""

    def service_save(self, request: HttpRequest, obj: Any, form: Any) -> Any:
        raise NotImplementedError

    def service_delete(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceCheckedForm(base):  # type: ignore[misc, valid-type]
            def _post_clean(self) -> None:
                super()._post_clean()  # builds self.instance from the cleaned fields
                if any(name != NON_FIELD_ERRORS for name in self.errors):
                    return
                try:
                    model_admin.service_check(request, self.instance, self)
                except DomainError as e:
                    # The service names the field; it replaces a database constraint's
                    # generic "约束…是无效的" for the same fault.
                    self._errors.pop(NON_FIELD_ERRORS, None)
                    self.add_error(e.field if e.field in self.fields else None, e.message)

        return ServiceCheckedForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.service_save(request, obj, form)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        try:
            self.service_delete(request, obj)
        except DomainError as e:
            raise DjangoPermissionDenied(e.message) from e

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
