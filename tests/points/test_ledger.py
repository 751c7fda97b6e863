"""Awards: idempotent per source, per-city rules, daily and monthly caps, never a bad reason."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Sum

from nuanxin.kernel.errors import DomainError
from nuanxin.points.models import LedgerEntry, Reason
from nuanxin.points.selectors import balance_of
from nuanxin.points.services import award_points, set_award_rule
from nuanxin.regions.models import Region

SH = ZoneInfo("Asia/Shanghai")


def _sources(n: int) -> list[Region]:
    """Any saved model can be a source; regions are at hand in every test."""
    return list(Region.objects.order_by("id")[:n])


def _sum(user: object) -> int:
    return LedgerEntry.objects.filter(account__user=user).aggregate(s=Sum("amount"))["s"] or 0


def test_same_source_pays_once(make_worker):
    worker = make_worker()
    source = _sources(1)[0]
    first = award_points(user=worker, reason=Reason.REPORT_CONFIRMED, source=source)
    again = award_points(user=worker, reason=Reason.REPORT_CONFIRMED, source=source)
    assert again.pk == first.pk
    assert first.amount == 20  # the default while the city has no rule
    assert balance_of(worker) == 20 == _sum(worker)
    # The same object may pay once per reason: attending is not confirming.
    other = award_points(user=worker, reason=Reason.ACTIVITY_ATTENDED, source=source)
    assert other.pk != first.pk
    assert balance_of(worker) == 30


def test_city_rule_sets_the_amount_and_explicit_amount_wins(make_worker):
    worker = make_worker()
    set_award_rule(city_code="371700", reason=Reason.ACTIVITY_ATTENDED, amount=12)
    a, b = _sources(2)
    assert award_points(user=worker, reason=Reason.ACTIVITY_ATTENDED, source=a).amount == 12
    assert award_points(user=worker, reason=Reason.ACTIVITY_ATTENDED, source=b,
                        amount=30).amount == 30


def test_daily_cap_cuts_then_records_zero_and_resets_next_day(make_worker):
    worker = make_worker()
    set_award_rule(city_code="371700", reason=Reason.VOLUNTEER_SHIFT, amount=10, daily_cap=25)
    sources = _sources(6)
    with time_machine.travel(datetime(2026, 7, 1, 23, 0, tzinfo=SH), tick=False):
        got = [award_points(user=worker, reason=Reason.VOLUNTEER_SHIFT, source=s)
               for s in sources[:4]]
    assert [e.amount for e in got] == [10, 10, 5, 0]
    assert "已达每日上限25分" in got[2].note and "已达每日上限25分" in got[3].note
    # A retry of a capped source stays capped (it was recorded, not dropped).
    with time_machine.travel(datetime(2026, 7, 2, 9, 0, tzinfo=SH), tick=False):
        assert award_points(user=worker, reason=Reason.VOLUNTEER_SHIFT,
                            source=sources[3]).amount == 0
        # A new local day (Asia/Shanghai midnight passed) opens the cap again.
        assert award_points(user=worker, reason=Reason.VOLUNTEER_SHIFT,
                            source=sources[4]).amount == 10
    assert balance_of(worker) == 35 == _sum(worker)


def test_monthly_cap(make_worker):
    worker = make_worker()
    set_award_rule(city_code="371700", reason=Reason.REPORT_CONFIRMED, amount=20,
                   monthly_cap=50)
    sources = _sources(5)
    amounts = []
    for day, source in zip([1, 2, 3, 4], sources, strict=False):
        with time_machine.travel(datetime(2026, 7, day, 12, 0, tzinfo=SH), tick=False):
            amounts.append(award_points(user=worker, reason=Reason.REPORT_CONFIRMED,
                                        source=source).amount)
    with time_machine.travel(datetime(2026, 8, 1, 0, 30, tzinfo=SH), tick=False):
        amounts.append(award_points(user=worker, reason=Reason.REPORT_CONFIRMED,
                                    source=sources[4]).amount)
    assert amounts == [20, 20, 10, 0, 20]


def test_switched_off_rule_records_zero(make_worker):
    worker = make_worker()
    set_award_rule(city_code="371700", reason=Reason.STATION_HELP, amount=5, active=False)
    entry = award_points(user=worker, reason=Reason.STATION_HELP, source=_sources(1)[0])
    assert entry.amount == 0 and "暂停" in entry.note
    assert balance_of(worker) == 0


def test_rules_are_per_city(make_worker, regions):
    """A rule of another city does not apply."""
    other = Region.objects.create(code="371300", name="临沂市", level="city", path="371300/")
    set_award_rule(city_code=other.code, reason=Reason.REPORT_CONFIRMED, amount=99)
    worker = make_worker()
    assert award_points(user=worker, reason=Reason.REPORT_CONFIRMED,
                        source=_sources(1)[0]).amount == 20


@pytest.mark.parametrize("reason", [Reason.REDEMPTION, Reason.REFUND, Reason.MANUAL_ADJUSTMENT])
def test_ledger_reasons_cannot_be_awarded(make_worker, reason):
    worker = make_worker()
    with pytest.raises(DomainError) as e:
        award_points(user=worker, reason=reason, source=_sources(1)[0], amount=5)
    assert e.value.field == "reason"
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("amount", [0, -5])
def test_non_positive_award_refused(make_worker, amount):
    worker = make_worker()
    with pytest.raises(DomainError, match="正数"):
        award_points(user=worker, reason=Reason.REPORT_CONFIRMED, source=_sources(1)[0],
                     amount=amount)
    assert not LedgerEntry.objects.exists()


def test_rule_validation(regions):
    with pytest.raises(DomainError, match="城市"):
        set_award_rule(city_code="371702", reason=Reason.REPORT_CONFIRMED, amount=5)
    with pytest.raises(DomainError):
        set_award_rule(city_code="371700", reason=Reason.REFUND, amount=5)
    with pytest.raises(DomainError):
        set_award_rule(city_code="371700", reason=Reason.REPORT_CONFIRMED, amount=0)


def test_user_without_worker_profile_gets_defaults(make_user, regions):
    staff = make_user(("community_staff", "371702001001"))
    set_award_rule(city_code="371700", reason=Reason.VOLUNTEER_SHIFT, amount=3)
    assert award_points(user=staff, reason=Reason.VOLUNTEER_SHIFT,
                        source=_sources(1)[0]).amount == 15
