"""The points ledger: append-only entries; the account's balance always equals their sum."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reason(models.TextChoices):
    REPORT_CONFIRMED = "report_confirmed", "随手拍核实办结"
    ACTIVITY_ATTENDED = "activity_attended", "参加关爱活动"
    VOLUNTEER_SHIFT = "volunteer_shift", "志愿服务"
    STATION_HELP = "station_help", "驿站帮扶"
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
