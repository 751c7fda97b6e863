"""The working-day calendar: weekends, public holidays and 调休 working weekends are data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nuanxin.kernel.errors import RowErrors
from nuanxin.workcalendar.models import CalendarDay
from nuanxin.workcalendar.selectors import (
    add_working_days,
    add_working_hours,
    is_working_day,
    working_hours_between,
)
from nuanxin.workcalendar.services import load_bundled, load_calendar_csv

SH = ZoneInfo("Asia/Shanghai")
# Spring Festival 2026 (State Council notice, Nov 2025): Feb 15-23 off; Sat Feb 14 and
# Sat Feb 28 are working days.
SPRING_2026 = "date,kind,name\n" + "".join(
    f"2026-02-{d},holiday,春节\n" for d in range(15, 24)) + (
    "2026-02-14,workday,春节\n2026-02-28,workday,春节\n")


@pytest.fixture
def spring(db: Any) -> None:
    CalendarDay.objects.all().delete()
    load_calendar_csv(SPRING_2026)


def at(*a: int) -> datetime:
    return datetime(*a, tzinfo=SH)


def test_days(spring: None) -> None:
    assert is_working_day(date(2026, 2, 13))  # Friday
    assert is_working_day(date(2026, 2, 14))  # Saturday made a working day
    assert not is_working_day(date(2026, 2, 16))  # holiday Monday
    assert not is_working_day(date(2026, 2, 21))  # holiday Saturday
    assert not is_working_day(date(2026, 2, 22))  # holiday Sunday
    assert is_working_day(date(2026, 2, 24))
    assert not is_working_day(date(2026, 3, 1))  # ordinary Sunday


def test_add_across_spring_festival(spring: None) -> None:
    # Friday 13th 18:00 + 2 working days: rest of Fri (6 h), Sat 14th (24 h), then 18 h of Tue 24th.
    assert add_working_days(at(2026, 2, 13, 18, 0), 2) == at(2026, 2, 24, 18, 0)
    # Starting inside the holiday: counting begins at 00:00 of the next working day.
    assert add_working_hours(at(2026, 2, 18, 12, 0), 4) == at(2026, 2, 24, 4, 0)
    assert working_hours_between(at(2026, 2, 13, 0, 0), at(2026, 2, 25, 0, 0)) == 72


def test_without_the_rows_weekends_rest(db: Any) -> None:
    CalendarDay.objects.all().delete()
    assert add_working_days(at(2026, 2, 13, 18, 0), 2) == at(2026, 2, 17, 18, 0)


def test_bad_rows_refused_whole(db: Any) -> None:
    CalendarDay.objects.all().delete()
    with pytest.raises(RowErrors) as err:
        load_calendar_csv("date,kind,name\n2026-13-01,holiday,x\n2026-05-01,rest,劳动节\n")
    assert "第2行" in err.value.message and "第3行" in err.value.message
    assert CalendarDay.objects.count() == 0


def test_bundled_years_load(db: Any) -> None:
    CalendarDay.objects.all().delete()
    assert load_bundled() > 60
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).kind == "workday"
    assert CalendarDay.objects.get(date=date(2025, 1, 28)).name == "春节"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "日期,类型\n2026-05-01,holiday\n"])
def test_csv_without_the_header_is_refused_not_read_as_nothing(text: str) -> None:
    before = CalendarDay.objects.count()
    with pytest.raises(RowErrors) as e:
        load_calendar_csv(text)
    assert "第1行：表头应为 date,kind,name" in e.value.message
    assert CalendarDay.objects.count() == before


@pytest.mark.django_db
def test_csv_reload_updates_a_day_in_place() -> None:
    load_calendar_csv("date,kind,name\n2026-10-10,holiday,旧\n")
    assert load_calendar_csv("date,kind,name\n2026-10-10,workday,新\n2026-10-11,holiday,\n") == 2
    rows = CalendarDay.objects.filter(date__in=(date(2026, 10, 10), date(2026, 10, 11)))
    assert list(rows.order_by("date").values_list("date", "kind", "name")) == [
        (date(2026, 10, 10), "workday", "新"), (date(2026, 10, 11), "holiday", "")]
