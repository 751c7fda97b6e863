"""The points ledger: append-only entries; the account's balance always equals their sum."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reason(models.TextChoices):
    REPORT_CONFIRMED = "report_confirmed", "随手拍核实办结"
    ACTIVITY_ATTENDED = "activity_attended", "参加关爱活动"
    VOLUNTEER_SHIFT = "volunteer_shift", "志愿服务"
    STATION_HELP = "station_help", "驿站帮扶"
    CAMPAIGN_QUIZ = "campaign_quiz", "宣传答题及格"
    REDEMPTION = "redemption", "积分兑换"
    REFUND = "refund", "兑换退回"
    MANUAL_ADJUSTMENT = "manual_adjustment", "人工调整"


class PointsAccount(models.Model):
    """One per user; `balance` is a cache of the entries' sum, changed only with an entry."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户",
                                on_delete=models.CASCADE, related_name="points_account")
    balance = models.IntegerField("余额", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "积分账户"
        verbose_name_plural = "积分账户"
        constraints = [models.CheckConstraint(condition=models.Q(balance__gte=0),
                                              name="points_balance_not_negative")]

    def __str__(self) -> str:
        return f"{self.user} {self.balance}分"


class LedgerEntry(models.Model):
    account = models.ForeignKey(PointsAccount, verbose_name="账户", on_delete=models.PROTECT,
                                related_name="entries")
    amount = models.IntegerField("积分变动")
    reason = models.CharField("事由", max_length=30, choices=Reason.choices, db_index=True)
    # The object the entry came from ("reports.report:42"): makes each award idempotent.
    source = models.CharField("来源", max_length=80, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "积分明细"
        verbose_name_plural = "积分明细"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "reason", "source"],
                                    condition=~models.Q(source=""),
                                    name="points_entry_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.amount:+d} {self.get_reason_display()}"


# Reasons an award rule may be configured for (the rest are written by the ledger itself).
AWARD_REASONS = [Reason.REPORT_CONFIRMED, Reason.ACTIVITY_ATTENDED, Reason.VOLUNTEER_SHIFT,
                 Reason.STATION_HELP, Reason.CAMPAIGN_QUIZ]


class AwardRule(models.Model):
    """How many points a city gives for one reason, and the caps per day and month (0 = none)."""

    city = models.ForeignKey("regions.Region", verbose_name="城市", on_delete=models.PROTECT,
                             related_name="+", limit_choices_to={"level": "city"})
    reason = models.CharField("事由", max_length=30,
                              choices=[(r.value, r.label) for r in AWARD_REASONS])
    amount = models.PositiveIntegerField("每次积分")
    daily_cap = models.PositiveIntegerField("每日上限", default=0, help_text="0 表示不限")
    monthly_cap = models.PositiveIntegerField("每月上限", default=0, help_text="0 表示不限")
    active = models.BooleanField("启用", default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["city", "reason"]
        constraints = [
            models.UniqueConstraint(fields=["city", "reason"], name="points_rule_once_per_city"),
            models.CheckConstraint(condition=models.Q(amount__gte=1), name="points_rule_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.amount}分"


class Adjustment(models.Model):
    """The audit row of a manual adjustment: who, whom, how much, why, from where."""

    entry = models.OneToOneField(LedgerEntry, verbose_name="积分明细", on_delete=models.PROTECT,
                                 related_name="adjustment")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人",
                              on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调整对象",
                                on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name="对象所在区域",
                               on_delete=models.PROTECT, related_name="+")
    amount = models.IntegerField("调整积分")
    reason = models.CharField("调整原因", max_length=200)
    ip_address = models.GenericIPAddressField("IP", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "人工调整记录"
        verbose_name_plural = "人工调整记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.amount:+d} {self.reason}"


class ItemCategory(models.TextChoices):
    MEAL = "meal", "餐券"
    GOODS = "goods", "物品"
    SERVICE = "service", "服务"
    HEALTH = "health", "健康体检"
    SUPERMARKET = "supermarket", "爱心超市"


class ShopItem(models.Model):
    """Something a station or a merchant gives for points, redeemable inside `region`."""

    name = models.CharField("名称", max_length=60)
    category = models.CharField("类别", max_length=20, choices=ItemCategory.choices,
                                db_index=True)
    description = models.CharField("说明", max_length=300, blank=True)
    station = models.ForeignKey("stations.Station", verbose_name="提供站点", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    merchant_name = models.CharField("提供商家", max_length=60, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="可兑换区域",
                               on_delete=models.PROTECT, related_name="+")
    price = models.PositiveIntegerField("所需积分")
    stock = models.IntegerField("库存")
    valid_from = models.DateTimeField("兑换开始")
    valid_until = models.DateTimeField("兑换截止")
    code_valid_hours = models.PositiveSmallIntegerField("兑换码有效时长(小时)", default=72)
    per_user_limit = models.PositiveSmallIntegerField("每人限兑", default=0,
                                                      help_text="0 表示不限")
    active = models.BooleanField("上架", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "兑换商品"
        verbose_name_plural = "兑换商品"
        ordering = ["price", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="shop_stock_not_negative"),
            models.CheckConstraint(condition=models.Q(price__gte=1), name="shop_price_positive"),
            models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("valid_from")),
                                   name="shop_window_ordered"),
            models.CheckConstraint(
                condition=models.Q(station__isnull=False) | ~models.Q(merchant_name=""),
                name="shop_item_has_provider"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def provider(self) -> str:
        return self.station.name if self.station_id else self.merchant_name  # type: ignore[union-attr]


class RedemptionStatus(models.TextChoices):
    HELD = "held", "待核销"
    CONFIRMED = "confirmed", "已核销"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已过期"


class Redemption(models.Model):
    """One redemption: points held and stock taken at once; the code works once."""

    code = models.CharField("兑换码", max_length=12, unique=True)
    item = models.ForeignKey(ShopItem, verbose_name="商品", on_delete=models.PROTECT,
                             related_name="redemptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="兑换人",
                             on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField("积分")
    status = models.CharField("状态", max_length=12, choices=RedemptionStatus.choices,
                              default=RedemptionStatus.HELD, db_index=True)
    created_at = models.DateTimeField("兑换时间", auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField("有效期至")
    confirmed_at = models.DateTimeField("核销时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核销人", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey("stations.Station", verbose_name="核销站点", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("取消/过期时间", null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="取消人", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    # A phone may resend the same request after a lost answer: same key, same record.
    idempotency_key = models.CharField("幂等键", max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "兑换记录"
        verbose_name_plural = "兑换记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="redemption_due"),
                   models.Index(fields=["user", "status"], name="redemption_user_status")]
        constraints = [models.UniqueConstraint(fields=["user", "idempotency_key"],
                                               condition=~models.Q(idempotency_key=""),
                                               name="redemption_once_per_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.code} {self.item}"


class LedgerDay(models.Model):
    """Points issued and redeemed per (township of the work region, local day): the rollup
    behind the city's and counties' figures (a township splits into villages live).

    Written only by `services.roll_up_ledger` for whole days before `LedgerRollupMark`;
    the ledger is append-only, so later entries are counted live until rolled up.
    """

    region = models.ForeignKey("regions.Region", verbose_name="工作区域(街道/乡镇)",
                               on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期(北京时间)")
    issued = models.BigIntegerField("发放积分", default=0)
    redeemed = models.BigIntegerField("兑换积分", default=0)

    class Meta:
        verbose_name = "每日积分汇总"
        verbose_name_plural = "每日积分汇总"
        constraints = [models.UniqueConstraint(fields=["day", "region"],
                                               name="points_ledger_day_once")]

    def __str__(self) -> str:
        return f"{self.region_id}@{self.day}"


class LedgerRollupMark(models.Model):
    """One row: the first local day not yet in LedgerDay (days before it are rolled up)."""

    through = models.DateField("汇总至(不含)")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "积分汇总进度"
        verbose_name_plural = "积分汇总进度"

    def __str__(self) -> str:
        return str(self.through)
