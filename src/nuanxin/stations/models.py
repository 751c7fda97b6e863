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
    # Validated by stations.hours; see its docstring for the shape.
    hours = models.JSONField("营业时间", default=dict, blank=True)
    # One bit per catalogue service (stations.catalogue): the index filters on it.
    service_mask = models.BigIntegerField("服务(位掩码)", default=0)
    # Name + address + full pinyin + initials, lower case: one LIKE finds 小哥食堂 by "xgst".
    search_text = models.TextField("检索文本", blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "站点"
        verbose_name_plural = "站点"
        indexes = [models.Index(fields=["operator", "name"], name="station_operator_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def where(self) -> str:
        """What tells apart stations with the same name (three are called
        "双月社区暖“新”驿站"): the street address, else the community's name."""
        text = (self.address or "").strip() or self.region.name
        return text if len(text) <= 24 else text[:23] + "…"

    @property
    def distinct_name(self) -> str:
        return f"{self.name}（{self.where}）"


class StationService(models.Model):
    """A service a station offers, with optional details (a set meal's price, a fee)."""

    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE,
                                related_name="services")
    service = models.CharField("服务", max_length=30)
    details = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "站点服务"
        verbose_name_plural = "站点服务"
        constraints = [models.UniqueConstraint(fields=["station", "service"],
                                               name="station_service_once")]

    def __str__(self) -> str:
        return f"{self.station_id}:{self.service}"


class StationPhoto(models.Model):
    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE,
                                related_name="photos")
    image = models.ImageField("照片", upload_to="stations/%Y/%m/")
    thumb = models.ImageField("缩略图", upload_to="stations/%Y/%m/", blank=True)
    caption = models.CharField("说明", max_length=100, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "站点照片"
        verbose_name_plural = "站点照片"

    def __str__(self) -> str:
        return self.caption or str(self.image.name or "")


class StationVisit(models.Model):
    """One QR scan: anonymous or by a signed-in user."""

    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE,
                                related_name="visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="访问人", null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField("日期(北京时间)")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务访问"
        verbose_name_plural = "服务访问"
        indexes = [models.Index(fields=["station", "day"], name="station_visit_day")]

    def __str__(self) -> str:
        return f"{self.station_id}@{self.day}"


class StationDailyVisits(models.Model):
    """The 'service visits' figure: scans per station per Shanghai day."""

    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE,
                                related_name="daily_visits")
    day = models.DateField("日期")
    count = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = "每日服务人次"
        verbose_name_plural = "每日服务人次"
        constraints = [models.UniqueConstraint(fields=["station", "day"],
                                               name="station_daily_once")]

    def __str__(self) -> str:
        return f"{self.station_id}@{self.day}: {self.count}"


class IndexVersion(models.Model):
    """One row: bumped in the same transaction as every station write.

    Each process's in-memory nearest index compares it to the version it was built
    from and rebuilds when they differ, so an edit shows at once everywhere.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "站点索引版本"
        verbose_name_plural = "站点索引版本"

    def __str__(self) -> str:
        return str(self.version)
