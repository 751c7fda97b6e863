"""On PostgreSQL: many simultaneous taps never double a report, a sign-off or an award."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.points.models import LedgerEntry
from nuanxin.reports import actions
from nuanxin.reports.models import Report, ReportEvent
from nuanxin.reports.services import Submission, submit_report
from nuanxin.reports.states import Status
from tests.concurrency import run_together

from .helpers import GRID_POINT, jpeg, make_report

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def hammer(fn: Callable[[], Any]) -> list[Any]:
    return run_together([fn] * THREADS, threads=THREADS)


def test_same_idempotency_key_from_many_threads(postgres_only: None, catalogue: Any,
                                                people: Any, media_tmp: Any) -> None:
    photo = jpeg()
    results = hammer(lambda: submit_report(reporter=people["rider"], sub=Submission(
        category_code="road_hazard", description="井盖缺失，夜里危险", photos=[photo],
        lng=GRID_POINT[0], lat=GRID_POINT[1], idempotency_key="tap-once"))[0].pk)
    assert Report.objects.count() == 1
    assert set(results) == {Report.objects.get().pk}


def test_accept_and_rate_race(postgres_only: None, catalogue: Any, people: Any,
                              regions: Any) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"])
    results = hammer(lambda: actions.accept(user=people["grid"], report_id=report.pk))
    assert sum(isinstance(r, Report) for r in results) == 1
    assert ReportEvent.objects.filter(report=report, kind="accept").count() == 1
    actions.resolve(user=people["grid"], report_id=report.pk, text="已修复井盖并拍照")
    results = hammer(lambda: actions.rate(user=people["rider"], report_id=report.pk,
                                          rating="satisfied"))
    assert sum(isinstance(r, Report) for r in results) == 1
    assert Report.objects.get(pk=report.pk).status == Status.CLOSED
    assert LedgerEntry.objects.filter(account__user=people["rider"]).count() == 1


def test_two_ticks_at_once_escalate_once(postgres_only: None, catalogue: Any, people: Any,
                                         regions: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from nuanxin.reports.escalation import tick

    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"],
                         accept_due_at=timezone.now() - timedelta(minutes=5))
    results = hammer(tick)
    assert sum(r.escalated for r in results) == 1
    report.refresh_from_db()
    assert report.escalations == 1 and report.region.code == "371702001"
    assert ReportEvent.objects.filter(report=report, kind="escalate").count() == 1
