"""Periods: from/to are whole local days, inclusive for the user, half-open inside."""

from __future__ import annotations

from datetime import date

import pytest

from nuanxin.dashboard.periods import parse_month, parse_period
from nuanxin.kernel.errors import DomainError

# The suite's cache-clearing fixture reaches the database when the cache lives there.
pytestmark = pytest.mark.django_db


def test_default_is_the_current_calendar_year() -> None:
    p = parse_period(None, None, today=date(2026, 7, 9))
    assert (p.start, p.end, p.label) == (date(2026, 1, 1), date(2027, 1, 1),
                                         "2026-01-01 至 2026-12-31")
    assert [m.start.month for m in p.months()] == list(range(1, 13))


def test_months_are_cut_to_the_period() -> None:
    p = parse_period("2026-11-15", "2027-01-10")
    assert [(m.start, m.end) for m in p.months()] == [
        (date(2026, 11, 15), date(2026, 12, 1)), (date(2026, 12, 1), date(2027, 1, 1)),
        (date(2027, 1, 1), date(2027, 1, 11))]


def test_bad_input_names_its_field() -> None:
    with pytest.raises(DomainError) as e:
        parse_period("2026-02-30", None)
    assert e.value.field == "from"
    with pytest.raises(DomainError) as e:
        parse_period("2020-01-01", "2026-01-01")
    assert e.value.field == "to" and "三年" in e.value.message
    with pytest.raises(DomainError) as e:
        parse_month("2026-13")
    assert e.value.field == "month"


def test_default_month_is_the_last_whole_one() -> None:
    m = parse_month(None, today=date(2026, 1, 5))
    assert (m.start, m.end) == (date(2025, 12, 1), date(2026, 1, 1))


def test_a_year_out_of_range_is_refused_by_name_not_a_500() -> None:
    from nuanxin.dashboard.periods import parse_month, parse_period
    from nuanxin.kernel.errors import DomainError

    with pytest.raises(DomainError) as e:
        parse_period("2026-01-01", "9999-12-31")
    assert e.value.field == "to" and "年份" in e.value.message
    with pytest.raises(DomainError) as e:
        parse_month("0001-01")
    assert e.value.field == "month"
