"""The working-day calendar: weekdays work, weekends rest, unless a row says otherwise.

Rows are data an admin edits each year from the State Council's notice: public holidays
(休) and the weekend days made into working days (调休上班).
"""

from __future__ import annotations

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarDay(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=30, blank=True, help_text="如：春节、国庆节")

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"
