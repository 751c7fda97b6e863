"""The access log: every view of a full personal number leaves a row here."""

from django.conf import settings
from django.db import models


class AccessLog(models.Model):
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="信息主体", on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.CharField("字段", max_length=40)
    purpose = models.CharField("用途", max_length=200)
    channel = models.CharField("渠道", max_length=20, default="api")
    ip_address = models.GenericIPAddressField("IP", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "个人信息查看记录"
        verbose_name_plural = "个人信息查看记录"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} 查看 {self.subject_id} 的 {self.field}"
