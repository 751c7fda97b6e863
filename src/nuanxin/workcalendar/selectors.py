"""Deadline arithmetic on the working-day calendar.

A working day counts whole (00:00-24:00 local time); non-working days stop the clock.
So "24 working hours" and "1 working day" are the same span, and a report filed on a
Saturday starts counting at 00:00 on the next working day. Days are looked up once per
call (one range query), never per day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from nuanxin.workcalendar.models import CalendarDay, DayKind

_LOOKAHEAD_DAYS = 400


def _overrides(start: date, end: date) -> dict[date, str]:
    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end)
                .values_list("date", "kind"))


def _working(day: date, overrides: dict[date, str]) -> bool:
    kind = overrides.get(day)
    if kind == DayKind.HOLIDAY:
        return False
    if kind == DayKind.WORKDAY:
        return True
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return _working(day, _overrides(day, day))


def add_working_hours(start: datetime, hours: float) -> datetime:
    """The moment when `hours` of working time have passed after `start` (aware)."""
    tz = timezone.get_current_timezone()
    local = timezone.localtime(start, tz)
    overrides = _overrides(local.date(), local.date() + timedelta(days=_LOOKAHEAD_DAYS))
    remaining = timedelta(hours=hours)
    day = local.date()
    cursor = local
    for _ in range(_LOOKAHEAD_DAYS * 2):
        day_end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time()), tz)
        if _working(day, overrides):
            available = day_end - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        day = day + timedelta(days=1)
        cursor = day_end
    return cursor + remaining  # beyond the lookahead: count calendar time


def add_working_days(start: datetime, days: int) -> datetime:
    return add_working_hours(start, days * 24)


def working_hours_between(start: datetime, end: datetime) -> float:
    """Working time between two moments, in hours (0 when end <= start)."""
    if end <= start:
        return 0.0
    tz = timezone.get_current_timezone()
    a, b = timezone.localtime(start, tz), timezone.localtime(end, tz)
    overrides = _overrides(a.date(), b.date())
    total = timedelta()
    day, cursor = a.date(), a
    while cursor < b:
        day_end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time()), tz)
        stop = min(day_end, b)
        if _working(day, overrides):
            total += stop - cursor
        day, cursor = day + timedelta(days=1), day_end
    return total.total_seconds() / 3600


WARN_FROM_MONTH = 11  # from November, next year's holidays should be in (the State
# Council publishes them in late October or November)


def years_entered(first: int, last: int) -> set[int]:
    """Years between `first` and `last` that have at least one calendar row."""
    dates = CalendarDay.objects.filter(date__year__gte=first, date__year__lte=last).dates(
        "date", "year")
    return {d.year for d in dates}


def missing_years(today: date | None = None) -> list[int]:
    """This year if it has no calendar; from November, next year too if it has none."""
    today = today or timezone.localdate()
    wanted = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    have = years_entered(wanted[0], wanted[-1])
    return [y for y in wanted if y not in have]


def calendar_warning(today: date | None = None) -> str:
    """The sentence staff see while a year's holidays are missing, or ""."""
    years = missing_years(today)
    if not years:
        return ""
    names = "、".join(f"{y}年" for y in years)
    return (f"{names}的节假日与调休安排尚未录入，跨入{names}的办理期限暂按普通周末计算。"
            "请市级管理员在后台“节假日与调休”中录入")


def assumes_plain_weekends(start: datetime, end: datetime | None) -> bool:
    """Whether a deadline from `start` to `end` crosses a year with no calendar rows, so
    its count took every weekday as working and every weekend as rest."""
    if end is None:
        return False
    first, last = timezone.localtime(start).year, timezone.localtime(end).year
    return len(years_entered(first, last)) < last - first + 1


def plain_weekends_checker(spans: list[tuple[datetime, datetime | None]]
                           ) -> Callable[[datetime, datetime | None], bool]:
    """`assumes_plain_weekends` for a whole list (a queue page) with one query."""
    years = [timezone.localtime(t).year for a, b in spans for t in (a, b) if t is not None]
    have = years_entered(min(years), max(years)) if years else set()

    def check(start: datetime, end: datetime | None) -> bool:
        if end is None:
            return False
        first, last = timezone.localtime(start).year, timezone.localtime(end).year
        return any(y not in have for y in range(first, last + 1))
    return check
