"""The period a figure covers: whole local days [start, end), chosen as from/to (inclusive)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from nuanxin.kernel.errors import DomainError

MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} 至 {self.last:%Y-%m-%d}"

    def months(self) -> list[Period]:
        """The calendar months the period touches, each cut to the period."""
        out, day = [], self.start
        while day < self.end:
            nxt = month_after(day)
            out.append(Period(day, min(nxt, self.end)))
            day = nxt
        return out


def month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    return Period(first, month_after(first))


# The years the figures can speak of; outside them a date is a typo (and 9999-12-31 + 1 day
# would overflow).
YEARS = range(2000, 2101)


def _in_years(day: date, field: str) -> date:
    if day.year not in YEARS:
        raise DomainError(f"年份应在{YEARS.start}至{YEARS.stop - 1}年之间", field=field)
    return day


def _day(value: str, field: str) -> date:
    try:
        return _in_years(date.fromisoformat(value), field)
    except ValueError:
        raise DomainError(f"日期格式应为 YYYY-MM-DD，收到“{value}”", field=field) from None


def parse_period(frm: str | None, to: str | None, *, today: date | None = None) -> Period:
    """From the user's from/to (both inclusive); by default the current calendar year."""
    today = today or timezone.localdate()
    start = _day(frm, "from") if frm else date(today.year, 1, 1)
    last = _day(to, "to") if to else date(start.year, 12, 31)
    if last < start:
        raise DomainError("结束日期不能早于开始日期", field="to")
    if (last - start).days >= MAX_DAYS:
        raise DomainError("统计区间最长三年", field="to")
    return Period(start, last + timedelta(days=1))


def parse_month(value: str | None, *, today: date | None = None) -> Period:
    """'2026-11' -> that month; by default the last whole month."""
    today = today or timezone.localdate()
    if not value:
        return month_of(today.replace(day=1) - timedelta(days=1))
    try:
        year, month = (int(p) for p in value.split("-"))
        return month_of(_in_years(date(year, month, 1), "month"))
    except ValueError:
        raise DomainError(f"月份格式应为 YYYY-MM，收到“{value}”", field="month") from None
