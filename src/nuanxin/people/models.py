"""A worker of the new employment groups: who they are, what they do, where they work."""

from django.conf import settings
from django.db import models

from nuanxin.people.kinds import WorkerKind


class Worker(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号",
                                on_delete=models.CASCADE, related_name="worker")
    kind = models.CharField("群体类别", max_length=30, choices=WorkerKind.choices, db_index=True)
    platform = models.CharField("平台或企业", max_length=60, blank=True)
    work_region = models.ForeignKey(
        "regions.Region", verbose_name="主要工作区域", on_delete=models.PROTECT, related_name="+",
    )
    real_name_cipher = models.TextField("姓名(加密)", blank=True)
    id_number_cipher = models.TextField("身份证号(加密)", blank=True)
    id_number_digest = models.CharField("身份证号摘要", max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField("身份证号", max_length=18, blank=True)
    real_name_verified = models.BooleanField("已实名认证", default=False)
    verified_at = models.DateTimeField("认证时间", null=True, blank=True)
    registered_at = models.DateTimeField("登记时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "新就业群体人员"
        verbose_name_plural = "新就业群体人员"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"], condition=~models.Q(id_number_digest=""),
                name="worker_id_number_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user.phone_masked}"
