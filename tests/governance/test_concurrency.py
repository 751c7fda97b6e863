"""On PostgreSQL: resends and double taps at the stall never store or open anything twice."""

from __future__ import annotations

from typing import Any

import pytest

from nuanxin.governance import services
from nuanxin.governance.models import ListeningRequest
from nuanxin.mediation import services as mediation
from nuanxin.mediation.models import Agreement
from nuanxin.reports.models import Report
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def test_one_key_resent_from_many_threads_is_stored_once(postgres_only: None, people: Any,
                                                         session: Any) -> None:
    data = services.RequestIn("roads", "村口到集市的路坑洼积水，雨天没法走", idempotency_key="k")
    results = run_together([lambda: services.record_request(
        actor=people["village"], session_id=session.pk, data=data)[0].pk] * THREADS,
        threads=THREADS)
    assert ListeningRequest.objects.count() == 1
    assert set(results) == {ListeningRequest.objects.get().pk}


def test_triage_tapped_many_times_opens_one_case(postgres_only: None, people: Any,
                                                 session: Any) -> None:
    req, _ = services.record_request(actor=people["village"], session_id=session.pk,
                                     data=services.RequestIn("roads", "村口的路坑洼积水没法走"))
    results = run_together([lambda: services.triage_request(
        actor=people["village"], request_id=req.pk, outcome="case")] * THREADS, threads=THREADS)
    assert sum(isinstance(r, ListeningRequest) for r in results) == 1
    assert Report.objects.count() == 1


def test_agreement_tapped_many_times_is_written_once(postgres_only: None, people: Any,
                                                     make_user: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    mediator = make_user(("mediator", "371702001001"))
    m = mediation.intake(actor=mediator, region_code="371702001001", dispute_type="neighbour",
                         facts="两户因排水沟堵塞互相指责已两个月。", request="疏通排水沟",
                         applicants=[mediation.PartyIn("王某")],
                         respondents=[mediation.PartyIn("李某")])
    mediation.triage(actor=mediator, mediation_id=m.pk, difficulty="simple")
    mediation.record_session(actor=mediator, mediation_id=m.pk, held_at=timezone.now(),
                             present="双方", record="双方陈述理由，同意共同出资疏通。")
    results = run_together([lambda: mediation.reach_agreement(
        actor=mediator, mediation_id=m.pk, terms="各承担一半费用", performance="现金",
        perform_by=timezone.localdate() + timedelta(days=3))] * THREADS, threads=THREADS)
    assert sum(isinstance(r, Agreement) for r in results) == 1
    assert Agreement.objects.count() == 1
