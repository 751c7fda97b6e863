"""Demand as counts on H3 cells per day, and the cell centres staff add as candidate sites.

No table here holds a person, a track or a point someone stood at: a row is a cell, a day,
a source, a count and a 64-byte sketch of distinct contributors (see `sketch`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DemandSource(models.TextChoices):
    FINDER = "finder", "找站查询"
    REPORT = "report", "随手拍地点"
    VISIT = "visit", "站点访问"
    IMPORT = "import", "导入(平台热力)"
    DEMO = "demo", "演示数据"


class CellDemand(models.Model):
    cell = models.CharField("H3单元", max_length=16)
    day = models.DateField("日期")
    source = models.CharField("来源", max_length=10, choices=DemandSource.choices)
    # The township whose centre is nearest to the cell's centre: for region filters.
    region = models.ForeignKey("regions.Region", verbose_name="所在乡镇(街道)", null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    count = models.PositiveIntegerField("需求次数", default=0)
    contributors = models.BinaryField("去重计数草图", max_length=64, default=bytes(64))

    class Meta:
        verbose_name = "需求单元(日)"
        verbose_name_plural = "需求单元(日)"
        constraints = [models.UniqueConstraint(fields=["cell", "day", "source"],
                                               name="planning_cell_day_source")]
        indexes = [models.Index(fields=["day", "region"], name="planning_demand_day_region")]

    def __str__(self) -> str:
        return f"{self.cell}@{self.day}:{self.count}"


class CandidateSite(models.Model):
    """A cell centre that staff put forward as a possible new site."""

    cell = models.CharField("H3单元", max_length=16)
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name="所在乡镇(街道)",
                               on_delete=models.PROTECT, related_name="+")
    lng = models.FloatField("中心经度(WGS-84)")
    lat = models.FloatField("中心纬度(WGS-84)")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="添加人", null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "候选站址"
        verbose_name_plural = "候选站址"
        constraints = [models.UniqueConstraint(fields=["cell"], name="planning_candidate_cell")]

    def __str__(self) -> str:
        return self.name
