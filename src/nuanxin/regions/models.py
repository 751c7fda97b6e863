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
    # The boundary: a WGS-84 (Multi)Polygon as GeoJSON geometry text, with its bounding box
    # in plain columns. No GIS extension: `regions.locator` answers "where is this?" from an
    # in-process index built from these columns. `boundary_generated` marks demo shapes.
    boundary = models.TextField("边界(GeoJSON, WGS-84)", blank=True, default="")
    boundary_generated = models.BooleanField("示意边界", default=False)
    min_lng = models.FloatField("边界最小经度", null=True, blank=True)
    min_lat = models.FloatField("边界最小纬度", null=True, blank=True)
    max_lng = models.FloatField("边界最大经度", null=True, blank=True)
    max_lat = models.FloatField("边界最大纬度", null=True, blank=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "path"], name="region_level_path")]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class BoundaryVersion(models.Model):
    """One row whose `version` moves on every boundary or tree change.

    Each process compares it (at most once a second) with the version of its in-process
    locate index and rebuilds when it moved: invalidation across processes and hosts.
    """

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "边界版本"
        verbose_name_plural = "边界版本"

    def __str__(self) -> str:
        return f"边界版本 {self.version}"
