"""Deadlines on the working-day calendar, and the escalation ladder under a frozen clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from nuanxin.reports import actions
from nuanxin.reports.escalation import tick
from nuanxin.reports.models import Report, ReportEvent
from nuanxin.reports.services import Submission, submit_report
from nuanxin.reports.states import Status
from nuanxin.workcalendar.services import load_calendar_csv

from .helpers import GRID_POINT, jpeg

SH = ZoneInfo("Asia/Shanghai")
# 2026 National Day and Mid-Autumn as the State Council notice of Nov 2025 sets them:
# Oct 1-7 off, Sunday Sep 20 and Saturday Oct 10 are working days (调休).
NATIONAL_DAY_2026 = "date,kind,name\n" + "".join(
    f"2026-10-0{d},holiday,国庆节\n" for d in range(1, 8)
) + "2026-09-20,workday,国庆节\n2026-10-10,workday,国庆节\n"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def calendar(db: Any) -> None:
    load_calendar_csv(NATIONAL_DAY_2026)


def submit(people: Any, when: datetime, category: str = "public_facility") -> Report:
    with time_machine.travel(when, tick=False):
        report, _ = submit_report(reporter=people["rider"], sub=Submission(
            category_code=category, description="路灯坏了一整排，晚上很黑",
            photos=[jpeg()], lng=GRID_POINT[0], lat=GRID_POINT[1]))
    return report


def test_resolve_deadline_skips_holiday_and_counts_adjusted_saturday(
        calendar: None, catalogue: Any, people: Any, media_tmp: Any) -> None:
    report = submit(people, at(2026, 9, 30, 10, 0))
    # accept within 4 working hours, same day
    assert report.accept_due_at == at(2026, 9, 30, 14, 0)
    with time_machine.travel(at(2026, 9, 30, 10, 0), tick=False):
        actions.accept(user=people["grid"], report_id=report.pk)
    report.refresh_from_db()
    # 3 working days = 72 h: 14 h left of Sep 30, Oct 8 and Oct 9 (48 h), then 10 h of the
    # 调休 Saturday Oct 10. Without the calendar it would be Oct 3 10:00.
    assert report.resolve_due_at == at(2026, 10, 10, 10, 0)


def test_accept_on_holiday_starts_counting_after_it(calendar: None, catalogue: Any,
                                                    people: Any, media_tmp: Any) -> None:
    report = submit(people, at(2026, 10, 3, 20, 0), category="road_hazard")  # 2 working hours
    assert report.accept_due_at == at(2026, 10, 8, 2, 0)


def test_adjusted_sunday_is_a_working_day(calendar: None, catalogue: Any, people: Any,
                                          media_tmp: Any) -> None:
    report = submit(people, at(2026, 9, 19, 23, 0), category="road_hazard")  # Saturday night
    assert report.accept_due_at == at(2026, 9, 20, 2, 0)  # the Sunday made a working day


def test_escalation_ladder_with_frozen_clock(calendar: None, catalogue: Any, people: Any,
                                             media_tmp: Any) -> None:
    report = submit(people, at(2026, 9, 28, 9, 0), category="road_hazard")  # Monday
    assert report.accept_due_at == at(2026, 9, 28, 11, 0)
    with time_machine.travel(at(2026, 9, 28, 8, 0), tick=False):
        assert tick().warned == 0  # not yet near
    with time_machine.travel(at(2026, 9, 28, 10, 0), tick=False):
        assert tick().warned == 1
        assert tick().warned == 0  # warned once only
    assert people["grid"].notifications.filter(title="随手拍临期预警").count() == 1
    with time_machine.travel(at(2026, 9, 28, 11, 0), tick=False):
        first = tick()
        again = tick()
    assert (first.escalated, again.escalated) == (1, 0)
    report.refresh_from_db()
    assert report.region.code == "371702001" and report.escalations == 1
    assert report.status == Status.SUBMITTED
    assert people["township"].notifications.filter(title__startswith="催办").count() == 1
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds.count("urge") == 1 and kinds.count("escalate") == 1
    # Township gets a fresh accept window (2 working hours), misses it: county.
    with time_machine.travel(at(2026, 9, 28, 13, 0), tick=False):
        assert tick().escalated == 1
    report.refresh_from_db()
    assert report.region.code == "371702" and report.escalations == 2
    # County is the top rung: overdue noted once, never climbs further.
    with time_machine.travel(at(2026, 9, 29, 9, 0), tick=False):
        assert tick().overdue_at_top == 1
        assert tick().overdue_at_top == 0
    report.refresh_from_db()
    assert report.region.code == "371702"
    public = ReportEvent.objects.filter(report=report, public=True, kind="escalate")
    assert [e.text for e in public] == ["超过签收期限，已升级至东城街道办理",
                                        "超过签收期限，已升级至牡丹区办理"]


def test_resolve_overdue_escalates_and_holidays_pause_it(calendar: None, catalogue: Any,
                                                         people: Any, media_tmp: Any) -> None:
    report = submit(people, at(2026, 9, 30, 9, 0), category="road_hazard")
    with time_machine.travel(at(2026, 9, 30, 9, 30), tick=False):
        actions.accept(user=people["grid"], report_id=report.pk)
    report.refresh_from_db()
    # 24 working hours: 14.5 h of Sep 30, then 9.5 h of Oct 8.
    assert report.resolve_due_at == at(2026, 10, 8, 9, 30)
    with time_machine.travel(at(2026, 10, 5, 12, 0), tick=False):
        assert tick().escalated == 0
    with time_machine.travel(at(2026, 10, 8, 9, 30), tick=False):
        assert tick().escalated == 1
    report.refresh_from_db()
    assert report.region.code == "371702001" and report.status == Status.ACCEPTED


def test_command_is_idempotent(calendar: None, catalogue: Any, people: Any,
                               media_tmp: Any, capsys: Any) -> None:
    submit(people, at(2026, 9, 28, 9, 0), category="road_hazard")
    with time_machine.travel(at(2026, 9, 28, 12, 0), tick=False):
        call_command("escalate")
        call_command("escalate")
    out = capsys.readouterr().out.splitlines()
    assert "升级 1 条" in out[0] and "升级 0 条" in out[1]


def test_extension_before_deadline_granted_by_level_above(calendar: None, catalogue: Any,
                                                          people: Any, media_tmp: Any) -> None:
    from nuanxin.kernel.errors import DomainError, PermissionDenied

    report = submit(people, at(2026, 9, 28, 9, 0), category="road_hazard")
    with time_machine.travel(at(2026, 9, 28, 9, 10), tick=False):
        actions.accept(user=people["grid"], report_id=report.pk)
        actions.request_extension(user=people["grid"], report_id=report.pk, hours=8,
                                  reason="需要等待施工队")
        with pytest.raises(PermissionDenied):  # the grid cannot grant its own
            actions.decide_extension(user=people["grid"], report_id=report.pk, grant=True)
        actions.decide_extension(user=people["community"], report_id=report.pk, grant=True)
    report.refresh_from_db()
    assert report.resolve_due_at == at(2026, 9, 29, 17, 10)  # 24 h + 8 working hours
    with time_machine.travel(at(2026, 9, 29, 18, 0), tick=False), \
            pytest.raises(DomainError, match="已超过办结期限"):
        actions.request_extension(user=people["grid"], report_id=report.pk, hours=8,
                                  reason="还需要时间")


def test_follow_up_auto_closes_after_seven_days(calendar: None, catalogue: Any, people: Any,
                                                media_tmp: Any) -> None:
    report = submit(people, at(2026, 9, 28, 9, 0), category="road_hazard")
    with time_machine.travel(at(2026, 9, 28, 10, 0), tick=False):
        actions.accept(user=people["grid"], report_id=report.pk)
        actions.resolve(user=people["grid"], report_id=report.pk, text="已修复井盖并拍照")
    with time_machine.travel(at(2026, 10, 5, 9, 0), tick=False):
        assert tick().closed == 0
    with time_machine.travel(at(2026, 10, 5, 10, 0), tick=False):
        assert tick().closed == 1
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.points_awarded
