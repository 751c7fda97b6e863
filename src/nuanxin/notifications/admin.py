from django.contrib import admin
from django.http import HttpRequest

from nuanxin.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Superusers only: messages are personal, so no region staff browse them."""

    list_display = ("title", "user", "created_at", "read_at")
    list_filter = ("read_at",)
    raw_id_fields = ("user",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)
