"""书记赶集: a listening session at a market, and the residents' requests recorded there."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ListeningSession(models.Model):
    township = models.ForeignKey("regions.Region", verbose_name="乡镇(街道)",
                                 on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey("regions.Region", verbose_name="所在区划",
                              on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("赶集日期", db_index=True)
    market = models.CharField("集市/地点", max_length=60)
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")
    officials = models.CharField("到场干部", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "书记赶集"
        verbose_name_plural = "书记赶集"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.market}"


class RequestCategory(models.TextChoices):
    ROADS = "roads", "道路交通"
    ENVIRONMENT = "environment", "环境卫生"
    HOUSING = "housing", "住房物业"
    WELFARE = "welfare", "社会保障"
    JOBS = "jobs", "就业增收"
    FARMING = "farming", "农业生产"
    NEIGHBOURS = "neighbours", "邻里纠纷"
    OTHER = "other", "其他"


class Outcome(models.TextChoices):
    PENDING = "pending", "待分流"
    SOLVED = "solved", "现场解决"
    CASE = "case", "转为工单"


class ListeningRequest(models.Model):
    session = models.ForeignKey(ListeningSession, verbose_name="赶集场次",
                                on_delete=models.PROTECT, related_name="requests")
    category = models.CharField("类别", max_length=20, choices=RequestCategory.choices)
    description = models.TextField("诉求内容", max_length=500)
    # The resident's name and phone are optional; stored encrypted, shown masked.
    name_cipher = models.TextField("群众姓名(加密)", blank=True)
    name_masked = models.CharField("群众姓名", max_length=20, blank=True)
    phone_cipher = models.TextField("联系电话(加密)", blank=True)
    phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    image = models.CharField("照片", max_length=200, blank=True)
    thumb = models.CharField("缩略图", max_length=200, blank=True)
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")
    outcome = models.CharField("分流结果", max_length=10, choices=Outcome.choices,
                               default=Outcome.PENDING, db_index=True)
    note = models.CharField("现场解决情况", max_length=300, blank=True)
    case = models.ForeignKey("reports.Report", verbose_name="工单", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人",
                                    on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("记录时间", db_index=True)
    triaged_at = models.DateTimeField("分流时间", null=True, blank=True)

    class Meta:
        verbose_name = "赶集诉求"
        verbose_name_plural = "赶集诉求"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recorded_by", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="listening_request_once_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description[:20]}"
