"""In-app inbox: one row per message to one user; `read_at` marks it read."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人",
                             on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.title
