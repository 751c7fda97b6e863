"""Benefit programmes (权益保障) with rules, the workers' applications, and uses.

The department's figures (people insured, total cover, discounts used, checks done)
are counted from these rows, never typed in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProgrammeKind(models.TextChoices):
    INSURANCE = "insurance", "免费保险"
    MEAL_DISCOUNT = "meal_discount", "优惠餐食"
    HEALTH_CHECK = "health_check", "优惠体检"
    CHILD_CARE = "child_care", "托育服务"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


ACTIVE_APPLICATION = (ApplicationStatus.PENDING, ApplicationStatus.APPROVED)


class Programme(models.Model):
    name = models.CharField("项目名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=ProgrammeKind.choices, db_index=True)
    description = models.TextField("说明", blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="面向区域",
                               on_delete=models.PROTECT, related_name="+")
    # ",courier,delivery_rider," — empty means every kind.
    worker_kinds = models.CharField("面向群体", max_length=200, blank=True)
    requires_verified = models.BooleanField("须实名认证", default=True)
    quota = models.PositiveIntegerField("名额", null=True, blank=True,
                                        help_text="留空表示不限名额")
    cover_amount = models.DecimalField("每人保额(元)", max_digits=12, decimal_places=2,
                                       null=True, blank=True)
    insurer = models.CharField("承保机构", max_length=100, blank=True)
    # What an insured rider needs after an accident (shown once enrolled).
    policy_number = models.CharField("保单号", max_length=40, blank=True,
                                     help_text="团体保单号，参保人员报案时使用")
    claim_hotline = models.CharField("报案电话", max_length=30, blank=True)
    claim_steps = models.TextField("理赔步骤", blank=True, help_text="每行一步")
    discount_note = models.CharField("优惠内容", max_length=200, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    open_for_applications = models.BooleanField("接受申请", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "权益项目"
        verbose_name_plural = "权益项目"
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="programme_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kinds(self) -> list[str]:
        return [k for k in self.worker_kinds.split(",") if k]


class Application(models.Model):
    """A worker's application; `cover_amount` is fixed when approved, from the programme."""

    programme = models.ForeignKey(Programme, verbose_name="项目", on_delete=models.PROTECT,
                                  related_name="applications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人",
                             on_delete=models.CASCADE, related_name="benefit_applications")
    status = models.CharField("状态", max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING, db_index=True)
    cover_amount = models.DecimalField("保额(元)", max_digits=12, decimal_places=2,
                                       null=True, blank=True)
    applied_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人",
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_note = models.CharField("审核意见", max_length=200, blank=True)
    # A phone may resend the same request after a lost answer: same key, same record.
    idempotency_key = models.CharField("幂等键", max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "权益申请"
        verbose_name_plural = "权益申请"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"],
                                    condition=models.Q(status__in=["pending", "approved"]),
                                    name="application_active_once"),
            models.UniqueConstraint(fields=["user", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="application_once_per_idempotency_key"),
        ]
        indexes = [models.Index(fields=["programme", "status"], name="application_queue")]

    def __str__(self) -> str:
        return f"{self.programme} · {self.user} · {self.get_status_display()}"


class BenefitUse(models.Model):
    """One use of a discount or service (a meal, a health check, a day of child care)."""

    application = models.ForeignKey(Application, verbose_name="权益", on_delete=models.PROTECT,
                                    related_name="uses")
    station = models.ForeignKey("stations.Station", verbose_name="站点", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField("使用时间", db_index=True)
    amount_saved = models.DecimalField("优惠金额(元)", max_digits=10, decimal_places=2,
                                       default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "权益使用记录"
        verbose_name_plural = "权益使用记录"
        ordering = ["-used_at"]

    def __str__(self) -> str:
        return f"{self.application.programme} {self.used_at:%Y-%m-%d}"
