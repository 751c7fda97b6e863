"""Opening hours: weekly rules, overnight, 24 hours, exceptions, open now in Shanghai."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nuanxin.kernel.errors import DomainError
from nuanxin.stations import hours, hours_text

SH = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


WEEKDAYS = hours_text.parse("周一至周五 08:00-12:00,14:00-18:00；周六、周日 09:00-17:00")
NIGHT = hours_text.parse("每天 22:00-06:00")


def test_weekday_split_shift() -> None:
    # 2026-11-30 is a Monday
    assert hours.is_open(WEEKDAYS, at("2026-11-30T08:00"))
    assert not hours.is_open(WEEKDAYS, at("2026-11-30T12:00"))  # close is exclusive
    assert not hours.is_open(WEEKDAYS, at("2026-11-30T13:59"))
    assert hours.is_open(WEEKDAYS, at("2026-11-30T14:00"))
    assert hours.is_open(WEEKDAYS, at("2026-11-29T16:59"))  # Sunday
    assert not hours.is_open(WEEKDAYS, at("2026-11-29T08:30"))


def test_overnight_span_runs_into_next_morning() -> None:
    assert hours.is_open(NIGHT, at("2026-11-30T23:30"))
    assert hours.is_open(NIGHT, at("2026-12-01T05:59"))
    assert not hours.is_open(NIGHT, at("2026-12-01T06:00"))
    assert not hours.is_open(NIGHT, at("2026-12-01T21:59"))


def test_open_now_uses_shanghai_whatever_the_zone_of_now() -> None:
    # 2026-11-30 00:30 UTC is 08:30 in Shanghai: open; 23:00 UTC is 07:00 next day: closed
    assert hours.is_open(WEEKDAYS, datetime(2026, 11, 30, 0, 30, tzinfo=UTC))
    assert not hours.is_open(WEEKDAYS, datetime(2026, 11, 30, 23, 0, tzinfo=UTC))


def test_twenty_four_hours_and_its_closed_exception() -> None:
    h = hours_text.parse("24小时", "2026-12-01 休息 设备检修")
    assert hours.is_open(h, at("2026-11-30T03:00"))
    assert not hours.is_open(h, at("2026-12-01T12:00"))
    assert hours.next_opening(h, at("2026-12-01T12:00")) == at("2026-12-02T00:00")


def test_dated_exception_replaces_that_day_only() -> None:
    h = hours_text.parse("每天 08:00-20:00", "2026-10-01 休息 国庆；2026-10-02 10:00-12:00")
    assert not hours.is_open(h, at("2026-10-01T09:00"))
    assert not hours.is_open(h, at("2026-10-02T09:00"))
    assert hours.is_open(h, at("2026-10-02T11:00"))
    assert hours.is_open(h, at("2026-10-03T09:00"))
    assert hours.next_opening(h, at("2026-10-01T09:00")) == at("2026-10-02T10:00")


def test_overnight_span_before_a_closed_day_still_runs_out() -> None:
    h = hours_text.parse("每天 22:00-06:00", "2026-12-01 休息")
    assert hours.is_open(h, at("2026-12-01T05:00"))  # from the night of 11-30
    assert not hours.is_open(h, at("2026-12-01T23:00"))


def test_next_opening_and_words() -> None:
    now = at("2026-11-30T19:00")  # Monday evening, closed
    nxt = hours.next_opening(WEEKDAYS, now)
    assert nxt == at("2026-12-01T08:00")
    assert hours.when_text(nxt, now) == "明天 08:00"
    assert hours.next_opening({"weekly": []}, now) is None


def test_text_round_trip() -> None:
    text = "周一至周五 08:00-12:00,14:00-18:00；周六、周日 09:00-17:00"
    assert hours_text.format_weekly(hours_text.parse(text)) == text
    h = hours_text.parse("每天 22:00-06:00", "2026-10-01 休息 国庆")
    assert hours_text.format_exceptions(h) == "2026-10-01 休息 国庆"
    assert hours_text.parse(hours_text.format_weekly(h), hours_text.format_exceptions(h)) == h


@pytest.mark.parametrize("weekly,exceptions,words", [
    ("", "", "请填写营业时间"),
    ("周八 08:00-20:00", "", "看不懂星期"),
    ("每天 25:00-26:00", "", "格式应为"),
    ("每天", "", "缺少时间段"),
    ("每天 08:00-20:00", "十月一日 休息", "应以日期开头"),
    ("每天 08:00-20:00", "2026-02-30 休息", "例外日期"),
    ("每天 08:00-20:00", "2026-10-01 休息；2026-10-01 休息", "重复"),
])
def test_bad_hours_are_refused_in_chinese(weekly: str, exceptions: str, words: str) -> None:
    with pytest.raises(DomainError) as exc:
        hours_text.parse(weekly, exceptions)
    assert words in exc.value.message
