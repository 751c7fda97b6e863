"""Care activities (关爱活动) on the year's plan, and who signed up, waited, and came.

The cadence: a yearly theme (年年有主线), seasonal projects (季季有项目), monthly
services (月月有服务) and daily care (天天有关怀). Each activity belongs to a year's
plan and one of those rhythms.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Cadence(models.TextChoices):
    YEARLY = "yearly", "年年有主线"
    SEASONAL = "seasonal", "季季有项目"
    MONTHLY = "monthly", "月月有服务"
    DAILY = "daily", "天天有关怀"


class Category(models.TextChoices):
    HEALTH_CHECK = "health_check", "免费体检"
    SUMMER_COOLING = "summer_cooling", "夏送清凉"
    WINTER_WARMTH = "winter_warmth", "冬送温暖"
    SUMMER_CAMP = "summer_camp", "子女夏令营"
    TRAINING = "training", "技能培训"
    HOLIDAY_MEAL = "holiday_meal", "节日团圆饭"
    LEGAL_AID = "legal_aid", "法律援助"
    SAFETY = "safety", "交通安全"
    THEME = "theme", "主题活动"
    DAILY_CARE = "daily_care", "日常关怀"
    # Party-and-public activities (党群活动): what the party app counts as work coverage.
    PARTY_PUBLIC = "party_public", "党群活动"


class ActivityStatus(models.TextChoices):
    PUBLISHED = "published", "已发布"
    CANCELLED = "cancelled", "已取消"


class SignupStatus(models.TextChoices):
    ATTENDING = "attending", "已报名"
    WAITLISTED = "waitlisted", "候补中"
    CANCELLED = "cancelled", "已取消"


ACTIVE_SIGNUP = (SignupStatus.ATTENDING, SignupStatus.WAITLISTED)


class CarePlan(models.Model):
    """A year's care plan of a region: its theme (主线) is what the year's activities serve."""

    year = models.PositiveSmallIntegerField("年度")
    theme = models.CharField("年度主线", max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "年度关爱计划"
        verbose_name_plural = "年度关爱计划"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["year", "region"],
                                               name="careplan_once_per_region_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.theme}"


class Activity(models.Model):
    plan = models.ForeignKey(CarePlan, verbose_name="年度计划", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="activities")
    cadence = models.CharField("节奏", max_length=10, choices=Cadence.choices)
    category = models.CharField("类别", max_length=20, choices=Category.choices, db_index=True)
    title = models.CharField("活动名称", max_length=100)
    description = models.TextField("活动内容", blank=True)
    # Who it is for: workers whose work region lies in this subtree.
    region = models.ForeignKey("regions.Region", verbose_name="面向区域",
                               on_delete=models.PROTECT, related_name="+")
    # ",courier,delivery_rider," — empty means every kind (portable LIKE filter).
    worker_kinds = models.CharField("面向群体", max_length=200, blank=True)
    # The place: a station, or an address with a point. lng/lat always hold the place's
    # WGS-84 point (copied from the station) so "near me" is one indexed box query.
    station = models.ForeignKey("stations.Station", verbose_name="活动站点", null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    signup_opens_at = models.DateTimeField("报名开始")
    signup_closes_at = models.DateTimeField("报名截止")
    capacity = models.PositiveIntegerField("名额")
    waitlist_size = models.PositiveIntegerField("候补名额", default=0)
    for_children = models.BooleanField("为子女报名", default=False)
    child_min_age = models.PositiveSmallIntegerField("子女最小年龄", null=True, blank=True)
    child_max_age = models.PositiveSmallIntegerField("子女最大年龄", null=True, blank=True)
    # None: the city's award rule decides; 0: no points; n: n points (the city's caps apply).
    points = models.PositiveIntegerField("签到积分", null=True, blank=True,
                                         help_text="留空则按全市积分规则")
    status = models.CharField("状态", max_length=10, choices=ActivityStatus.choices,
                              default=ActivityStatus.PUBLISHED, db_index=True)
    checkin_code = models.CharField("签到码", max_length=32)
    organiser = models.CharField("主办单位", max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "关爱活动"
        verbose_name_plural = "关爱活动"
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["lat", "lng"], name="activity_point")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="activity_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(signup_closes_at__gt=models.F("signup_opens_at")),
                name="activity_window_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kinds(self) -> list[str]:
        return [k for k in self.worker_kinds.split(",") if k]

    @property
    def place_name(self) -> str:
        if self.station_id is not None and self.station is not None:
            return self.station.name
        return self.address


class Signup(models.Model):
    """One seat (or a place in the queue) for a worker, or for their child at a camp.

    The waitlist is first-come: ordered by id, assigned while the activity row is locked.
    """

    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE,
                                 related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报名人",
                             on_delete=models.CASCADE, related_name="activity_signups")
    status = models.CharField("状态", max_length=10, choices=SignupStatus.choices,
                              db_index=True)
    child_name = models.CharField("子女姓名", max_length=30, blank=True)
    child_birth_date = models.DateField("子女出生日期", null=True, blank=True)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    attended_at = models.DateTimeField("签到时间", null=True, blank=True)
    attendance_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签到登记人",
                                      null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    # A phone may resend the same request after a lost answer: same key, same record.
    idempotency_key = models.CharField("幂等键", max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user", "child_name"],
                condition=models.Q(status__in=["attending", "waitlisted"]),
                name="signup_active_once"),
            models.UniqueConstraint(fields=["user", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="signup_once_per_idempotency_key"),
        ]
        indexes = [models.Index(fields=["activity", "status", "id"], name="signup_queue")]

    def __str__(self) -> str:
        who = f"{self.user}" + (f"（子女{self.child_name}）" if self.child_name else "")
        return f"{who} · {self.get_status_display()}"
