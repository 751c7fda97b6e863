"""The region tree: city > county > township > village/community > grid.

Each region keeps its materialised `path` ("371700/371702/371702001/"), so a whole
subtree is one B-tree range scan on an indexed column on any database.
"""

from __future__ import annotations

from django.db import models

from nuanxin.regions.levels import Level

PATH_SEP = "/"


class Region(models.Model):
    code = models.CharField("区划代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=255, unique=True)
    # Approximate WGS-84 point: used for "nearest community" routing and demo placement.
    lng = models.FloatField("经度", null=True, blank=True)
    lat = models.FloatField("纬度", null=True, blank=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "path"], name="region_level_path")]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"
