"""Stations: warm stations, service centres, canteens, pharmacies and other friendly places."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StationKind(models.TextChoices):
    WARM_STATION = "warm_station", "暖“新”驿站"
    SERVICE_CENTRE = "service_centre", "惠民服务中心(站点)"
    RIDER_CANTEEN = "rider_canteen", "小哥食堂"
    RIDER_PHARMACY = "rider_pharmacy", "小哥药堂"
    FRIENDLY_PLACE = "friendly_place", "友好场景"
    COMMUNITY_CENTRE = "community_centre", "党群服务中心"
    UNION_STATION = "union_station", "工会驿站"
    TRAINING_BASE = "training_base", "培训/创业基地"


class StationStatus(models.TextChoices):
    OPEN = "open", "正常开放"
    TEMP_CLOSED = "temp_closed", "临时关闭"
    CLOSED = "closed", "已停用"


class Station(models.Model):
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=30, choices=StationKind.choices, db_index=True)
    address = models.CharField("地址", max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所在村(社区)",
                               on_delete=models.PROTECT, related_name="+")
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="stations")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField("状态", max_length=20, choices=StationStatus.choices,
                              default=StationStatus.OPEN, db_index=True)
    closed_reason = models.CharField("关闭原因", max_length=200, blank=True)
    closed_until = models.DateTimeField("关闭至", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "站点"
        verbose_name_plural = "站点"

    def __str__(self) -> str:
        return self.name
