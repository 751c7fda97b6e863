"""The roster of community workers (社区工作者): one post per person and community, with
every status change kept. The phone is the person's account phone (encrypted, masked)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nuanxin.regions.models import Region


class Position(models.TextChoices):
    SECRETARY = "secretary", "党组织书记"
    DIRECTOR = "director", "居(村)委会主任"
    MEMBER = "member", "两委委员"
    SOCIAL_WORKER = "social_worker", "专职社区工作者"
    GRID = "grid", "专职网格员"


class Status(models.TextChoices):
    IN_POST = "in_post", "在岗"
    ON_LEAVE = "on_leave", "休假"
    LEFT = "left", "离职"


class Post(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员",
                               on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(Region, verbose_name="社区(村)", on_delete=models.PROTECT,
                                  related_name="+")
    position = models.CharField("岗位", max_length=20, choices=Position.choices)
    entered_on = models.DateField("入职日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.IN_POST)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "社区工作者"
        verbose_name_plural = "社区工作者"
        constraints = [models.UniqueConstraint(fields=["person", "community"],
                                               name="workforce_one_post_per_community")]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.community_id}"


class StatusChange(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="history")
    before = models.CharField("原状态", max_length=10, choices=Status.choices, blank=True)
    after = models.CharField("新状态", max_length=10, choices=Status.choices)
    reason = models.CharField("原因", max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.before}->{self.after}"
