"""Getting riders through the gate: a community's opt-in and rules, signed rider passes,
the pass-signing keys, the guards' scan log, access bikes at parking points, and the
community map a rider sees."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Community(models.Model):
    """A community (village-level region) that opted in, with the rules its gate shows."""

    region = models.OneToOneField("regions.Region", verbose_name="社区", on_delete=models.PROTECT,
                                  related_name="+")
    opted_in = models.BooleanField("已开通骑手通行", default=True)
    open_from = models.TimeField("骑手可进入起始时间", null=True, blank=True)
    open_until = models.TimeField("骑手可进入截止时间", null=True, blank=True)
    ebike_rule = models.CharField("电动车通行规定", max_length=200, blank=True)
    parking_note = models.CharField("电动车停放点", max_length=200, blank=True)
    bike_minutes = models.PositiveIntegerField("畅行自行车借用时限(分钟)", default=60)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "开通小区"
        verbose_name_plural = "开通小区"

    def __str__(self) -> str:
        return self.region.name

    @property
    def hours_text(self) -> str:
        if self.open_from is None or self.open_until is None:
            return "全天"
        return f"{self.open_from:%H:%M}—{self.open_until:%H:%M}"


class SigningKey(models.Model):
    """An ES256 key pair. The private half is Fernet-encrypted with the field keys (which
    live outside the database); the public half is published in the JWKS."""

    kid = models.CharField("密钥编号", max_length=64, unique=True)
    private_cipher = models.TextField("私钥(加密)")
    public_jwk = models.JSONField("公钥(JWK)")
    sign_from = models.DateTimeField("开始签发时间", db_index=True)
    retired_at = models.DateTimeField("停止公布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "通行证签名密钥"
        verbose_name_plural = "通行证签名密钥"
        ordering = ["-sign_from", "-id"]

    def __str__(self) -> str:
        return self.kid


class RiderPass(models.Model):
    """One rider's pass. The QR never carries a phone or ID number: only `number`."""

    worker = models.OneToOneField("people.Worker", verbose_name="骑手", on_delete=models.CASCADE,
                                  related_name="+")
    number = models.CharField("通行证编号", max_length=24, unique=True)
    photo = models.CharField("照片", max_length=200)
    photo_thumb = models.CharField("照片缩略图", max_length=200)
    photo_hash = models.CharField("照片摘要", max_length=64, db_index=True)
    issued_at = models.DateTimeField("签发时间")
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("注销时间", null=True, blank=True, db_index=True)
    revoked_reason = models.CharField("注销原因", max_length=100, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="注销人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "骑手通行证"
        verbose_name_plural = "骑手通行证"

    def __str__(self) -> str:
        return self.number


class Scan(models.Model):
    """One scan at a gate, as the guard's phone saw it (uploaded later when offline)."""

    class Result(models.TextChoices):
        VALID = "valid", "有效"
        INVALID = "invalid", "无效"

    guard = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="门岗", on_delete=models.PROTECT,
                              related_name="+")
    community = models.ForeignKey(Community, verbose_name="小区", on_delete=models.PROTECT,
                                  related_name="scans")
    client_id = models.CharField("扫码记录编号", max_length=64)
    pass_number = models.CharField("通行证编号", max_length=24, blank=True, db_index=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices)
    reason = models.CharField("说明", max_length=100, blank=True)
    server_result = models.CharField("服务器复核", max_length=10, choices=Result.choices, blank=True)
    scanned_at = models.DateTimeField("扫码时间", db_index=True)
    received_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "扫码记录"
        verbose_name_plural = "扫码记录"
        ordering = ["-scanned_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["guard", "client_id"],
                                               name="access_scan_once_per_client_id")]

    def __str__(self) -> str:
        return f"{self.pass_number or '?'} {self.result}"


class ParkingPoint(models.Model):
    """Where access bikes stand; its QR (a URL with `code`) is where a bike is returned."""

    community = models.ForeignKey(Community, verbose_name="小区", on_delete=models.PROTECT,
                                  related_name="points")
    name = models.CharField("名称", max_length=60)
    code = models.CharField("二维码编号", max_length=24, unique=True)
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")

    class Meta:
        verbose_name = "停放点"
        verbose_name_plural = "停放点"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Bike(models.Model):
    """An access bike (畅行自行车). `rider` is set while it is out; `in_service` is cleared by
    a damage report."""

    community = models.ForeignKey(Community, verbose_name="小区", on_delete=models.PROTECT,
                                  related_name="bikes")
    number = models.CharField("车号", max_length=20)
    mark = models.CharField("车身标识", max_length=20, default="外卖配送专用")
    code = models.CharField("二维码编号", max_length=24, unique=True)
    point = models.ForeignKey(ParkingPoint, verbose_name="所在停放点", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="bikes")
    rider = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="借用人", null=True,
                              blank=True, on_delete=models.PROTECT, related_name="+")
    in_service = models.BooleanField("可用", default=True)

    class Meta:
        verbose_name = "畅行自行车"
        verbose_name_plural = "畅行自行车"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["community", "number"],
                                               name="access_bike_number_per_community")]

    def __str__(self) -> str:
        return f"{self.number}（{self.mark}）"


class Trip(models.Model):
    bike = models.ForeignKey(Bike, verbose_name="自行车", on_delete=models.PROTECT,
                             related_name="trips")
    rider = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="骑手",
                              on_delete=models.PROTECT, related_name="+")
    from_point = models.ForeignKey(ParkingPoint, verbose_name="借出点", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    to_point = models.ForeignKey(ParkingPoint, verbose_name="归还点", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("借出时间", db_index=True)
    due_at = models.DateTimeField("应还时间", db_index=True)
    ended_at = models.DateTimeField("归还时间", null=True, blank=True)
    overdue = models.BooleanField("超时", default=False)

    class Meta:
        verbose_name = "借还记录"
        verbose_name_plural = "借还记录"
        ordering = ["-started_at", "-id"]
        constraints = [
            # The database's own guarantee: one open trip per bike and per rider.
            models.UniqueConstraint(fields=["bike"], condition=models.Q(ended_at__isnull=True),
                                    name="access_one_open_trip_per_bike"),
            models.UniqueConstraint(fields=["rider"], condition=models.Q(ended_at__isnull=True),
                                    name="access_one_open_trip_per_rider"),
        ]

    def __str__(self) -> str:
        return f"{self.bike} {self.started_at:%m-%d %H:%M}"


class Damage(models.Model):
    bike = models.ForeignKey(Bike, verbose_name="自行车", on_delete=models.PROTECT,
                             related_name="damages")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报告人",
                                 on_delete=models.PROTECT, related_name="+")
    note = models.CharField("损坏情况", max_length=200)
    photo = models.CharField("照片", max_length=200)
    photo_thumb = models.CharField("缩略图", max_length=200)
    created_at = models.DateTimeField("报告时间", db_index=True)
    repaired_at = models.DateTimeField("修复时间", null=True, blank=True)

    class Meta:
        verbose_name = "损坏报告"
        verbose_name_plural = "损坏报告"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.bike} {self.note[:20]}"


class MapFeature(models.Model):
    """One thing on a community's map for riders."""

    class Kind(models.TextChoices):
        BUILDING = "building", "楼栋/单元"
        GATE = "gate", "出入口"
        EBIKE_PARKING = "ebike_parking", "电动车停放点"
        PARCEL_SHELF = "parcel_shelf", "快递专用柜"

    community = models.ForeignKey(Community, verbose_name="小区", on_delete=models.CASCADE,
                                  related_name="features")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=60)
    note = models.CharField("说明", max_length=200, blank=True)
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")

    class Meta:
        verbose_name = "小区地图要素"
        verbose_name_plural = "小区地图要素"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"
