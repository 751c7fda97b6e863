from django.contrib import admin
from django.http import HttpRequest

from nuanxin.notifications.models import Notification
from nuanxin.web.admin_search import PhoneSearchMixin


@admin.register(Notification)
class NotificationAdmin(PhoneSearchMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Superusers only: messages are personal, so no region staff browse them."""

    list_display = ("title", "user", "created_at", "read_at")
    list_filter = ("read_at",)
    raw_id_fields = ("user",)
    search_fields = ("title", "user__display_name")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)
