from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nuanxin.privacy.models import AccessLog
from nuanxin.web.admin_search import PhoneSearchMixin


@admin.register(AccessLog)
class AccessLogAdmin(PhoneSearchMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    phone_path = "subject__"
    search_fields = ["subject__display_name", "purpose"]
    list_display = ["created_at", "viewer", "subject", "field", "purpose", "channel", "ip_address"]
    list_filter = ["field", "channel"]
    list_select_related = ["viewer", "subject"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
