"""Snap reports: a category catalogue per city, the report (a work order), its photos,
its timeline of events and its supporters."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nuanxin.reports.states import Status


class HandlerKind(models.TextChoices):
    COMMUNITY = "community", "社区(网格)"
    PROPERTY = "property", "物业公司(社区协调)"
    TOWNSHIP = "township", "街道(乡镇)职能办"


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", "工作小时"
    DAYS = "days", "工作日"


class Category(models.Model):
    """One entry of a city's catalogue, with its two deadlines."""

    city = models.ForeignKey("regions.Region", verbose_name="所属城市", on_delete=models.PROTECT,
                             related_name="+")
    code = models.SlugField("编码", max_length=40)
    name = models.CharField("名称", max_length=40)
    description = models.CharField("说明", max_length=200, blank=True)
    handler_kind = models.CharField("承办类型", max_length=20, choices=HandlerKind.choices,
                                    default=HandlerKind.COMMUNITY)
    accept_hours = models.PositiveIntegerField("签收时限(工作小时)", default=4)
    resolve_amount = models.PositiveIntegerField("办理时限", default=3)
    resolve_unit = models.CharField("办理时限单位", max_length=10, choices=DeadlineUnit.choices,
                                    default=DeadlineUnit.DAYS)
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "随手拍类别"
        verbose_name_plural = "随手拍类别"
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["city", "code"],
                                               name="report_category_code_per_city")]

    def __str__(self) -> str:
        return self.name

    @property
    def resolve_hours(self) -> int:
        return self.resolve_amount * (24 if self.resolve_unit == DeadlineUnit.DAYS else 1)

    @property
    def deadline_text(self) -> str:
        unit = "个工作日" if self.resolve_unit == DeadlineUnit.DAYS else "个工作小时"
        return f"{self.accept_hours}小时内签收，{self.resolve_amount}{unit}内办结或答复"


class Origin(models.TextChoices):
    """Where a case came from. Every kind rides the same lifecycle, deadlines and ladder."""

    SNAP = "snap", "随手拍"
    LISTENING = "listening", "书记赶集"
    MEDIATION = "mediation", "人民调解"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Report(models.Model):
    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.PROTECT,
                                 related_name="reports")
    description = models.TextField("问题描述", max_length=500)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报告人",
                                 on_delete=models.PROTECT, related_name="reports")
    anonymous = models.BooleanField("对公众匿名", default=False)
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")
    location_source = models.CharField("定位来源", max_length=10, default="gps")
    address = models.CharField("地址描述", max_length=200, blank=True)
    # Routing result; `region` is who holds it now (moves on transfer, return, escalation).
    region = models.ForeignKey("regions.Region", verbose_name="当前承办区划",
                               on_delete=models.PROTECT, related_name="+")
    home_region = models.ForeignKey("regions.Region", verbose_name="属地(网格/社区)",
                                    on_delete=models.PROTECT, related_name="+")
    handler_kind = models.CharField("承办类型", max_length=20, choices=HandlerKind.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    accept_due_at = models.DateTimeField("签收期限", null=True, blank=True, db_index=True)
    resolve_due_at = models.DateTimeField("办结期限", null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    finished_at = models.DateTimeField("办结/答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    finished_on_time = models.BooleanField("按时办结", null=True, blank=True)
    warned_for = models.DateTimeField("已预警的期限", null=True, blank=True)
    escalations = models.PositiveSmallIntegerField("升级次数", default=0)
    overdue_noted_for = models.DateTimeField("已记录超期的期限", null=True, blank=True)
    supervised = models.BooleanField("督办中", default=False)
    returned_from = models.ForeignKey("regions.Region", verbose_name="退单来自", null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    extension_hours = models.PositiveIntegerField("申请延期(工作小时)", null=True, blank=True)
    extension_reason = models.CharField("延期理由", max_length=200, blank=True)
    reply = models.TextField("答复内容", blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    genuine = models.BooleanField("核实属实", null=True, blank=True)
    rating = models.CharField("回访评价", max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    rework_count = models.PositiveSmallIntegerField("返工次数", default=0)
    points_awarded = models.BooleanField("已奖励积分", default=False)
    idempotency_key = models.CharField(max_length=64, blank=True)
    # A case opened by another process app (see services.open_case): its kind, the record
    # it stands for there ("governance.listeningrequest:12"), and, for a resident without
    # an account, the phone (encrypted) that hears about it by SMS.
    origin = models.CharField("来源", max_length=20, choices=Origin.choices,
                              default=Origin.SNAP, db_index=True)
    origin_ref = models.CharField("来源记录", max_length=60, blank=True)
    contact_cipher = models.TextField("短信联系人手机号(加密)", blank=True)
    created_at = models.DateTimeField("提交时间", db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "随手拍"
        verbose_name_plural = "随手拍"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="report_once_per_idempotency_key"),
        ]
        indexes = [models.Index(fields=["status", "category", "lat"], name="report_open_near")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.name}"

    @property
    def number(self) -> str:
        return f"SSP{self.pk:08d}"


class ReportPhoto(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "问题照片"
        FIX = "fix", "处理照片"

    report = models.ForeignKey(Report, verbose_name="随手拍", on_delete=models.CASCADE,
                               related_name="photos")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.REPORT)
    image = models.CharField("图片", max_length=200)
    thumb = models.CharField("缩略图", max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "照片"
        verbose_name_plural = "照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image


class ReportEvent(models.Model):
    """One line of the timeline. `public` lines are what the reporter and the public see."""

    report = models.ForeignKey(Report, verbose_name="随手拍", on_delete=models.CASCADE,
                               related_name="events")
    kind = models.CharField("事件", max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    public = models.BooleanField("公开", default=True)
    text = models.TextField("说明", blank=True)
    from_region = models.ForeignKey("regions.Region", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey("regions.Region", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class Supporter(models.Model):
    """A rider who said "same problem, I follow it" instead of filing a duplicate."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "关注者"
        verbose_name_plural = "关注者"
        constraints = [models.UniqueConstraint(fields=["report", "user"],
                                               name="report_supporter_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → #{self.report_id}"
