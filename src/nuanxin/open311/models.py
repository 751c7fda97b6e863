"""Open311 (GeoReport v2) clients: an API key per partner app, and request tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiClient(models.Model):
    """A partner app that may POST requests; reports are filed under its service account."""

    name = models.CharField("应用名称", max_length=60)
    key_digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("密钥前缀", max_length=8)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交账号",
                                on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "Open311 应用"
        verbose_name_plural = "Open311 应用"

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class RequestToken(models.Model):
    token = models.CharField(max_length=40, unique=True)
    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE,
                                  related_name="open311_token")
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="tokens")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Open311 令牌"
        verbose_name_plural = "Open311 令牌"

    def __str__(self) -> str:
        return self.token
