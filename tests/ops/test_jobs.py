"""The job queue: periodic jobs run once per period across processes, failures are kept
for staff, and `nuanxin run` starts the same consumer production runs (issue 18)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from nuanxin.ops import services
from nuanxin.ops.jobs import escalate_reports, expire_redemptions, once_per_period
from nuanxin.ops.models import JobFailure, JobRun

pytestmark = pytest.mark.django_db


def test_a_periodic_job_runs_once_per_period() -> None:
    runs: list[int] = []

    @once_per_period("test_job", 3600)
    def job() -> str:
        runs.append(1)
        return "done"

    assert job() == "done"
    assert job().startswith("skipped")
    assert runs == [1]
    run = JobRun.objects.get(name="test_job")
    assert run.summary == "done" and run.finished_at is not None


def test_a_new_period_runs_again() -> None:
    now = timezone.now()
    assert services.claim_period("p", seconds=60, now=now) is not None
    assert services.claim_period("p", seconds=60, now=now) is None
    assert services.claim_period("p", seconds=60, now=now + timedelta(seconds=61)) is not None


def test_the_registered_jobs_are_periodic_and_retried() -> None:
    names = {t.__name__ for t in HUEY._registry._periodic_tasks}  # what each consumer schedules
    assert {"escalate_reports", "expire_redemptions", "prune_job_runs"} <= names
    task = escalate_reports.s()
    assert task.retries == 3 and task.retry_backoff == 2
    assert expire_redemptions.call_local() == "expired 0"


def test_a_failing_job_is_recorded_for_staff(make_user: Any, regions: Any) -> None:
    @HUEY.task(name="always_fails")
    def always_fails() -> None:
        raise RuntimeError("短信网关超时")

    always_fails()  # immediate mode in tests: runs now, the error signal fires
    failure = JobFailure.objects.get(task="always_fails")
    assert "短信网关超时" in failure.error
    staff = Client()
    staff.force_login(make_user(("city_admin", "371700")))
    page = staff.get("/admin/ops/jobfailure/").content.decode()
    assert "always_fails" in page
    rider = Client()
    rider.force_login(make_user(("worker", "371702001001")))
    assert rider.get("/admin/ops/jobfailure/").status_code in (302, 403)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_many_processes_one_run() -> None:
    """Eight workers race for the same period; exactly one claims it."""
    if connection.vendor != "postgresql":
        pytest.skip("the race proof runs on PostgreSQL (make test runs it there too)")
    from tests.concurrency import run_together

    now = timezone.now()
    results = run_together([lambda: services.claim_period("race", seconds=300, now=now)] * 8,
                           threads=8)
    assert sum(1 for r in results if r is not None) == 1
    assert JobRun.objects.filter(name="race").count() == 1


def test_health_and_readiness() -> None:
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["checks"] == {
        "database": "ok", "cache": "ok", "queue": "ok"}


def test_readiness_says_what_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    from nuanxin.ops import health

    def broken() -> None:
        raise ConnectionError("redis down")

    monkeypatch.setitem(health.CHECKS, "cache", ("缓存", broken))
    r = Client().get("/readyz")
    assert r.status_code == 503 and r.json()["detail"] == "缓存不可用"


def test_metrics_only_for_configured_addresses(settings: Any) -> None:
    ok = Client().get("/metrics")
    assert ok.status_code == 200 and b"django_http_requests" in ok.content
    settings.NUANXIN_METRICS_ALLOWED = ["10.9.9.0/24"]
    refused = Client().get("/metrics")
    assert refused.status_code == 403 and refused.json()["detail"] == "无权访问监控指标"


def test_consumer_starts_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from nuanxin.ops import services as consumer

    started: list[int] = []

    class FakeConsumer:
        def start(self) -> None:
            started.append(threading.get_ident())

    monkeypatch.setattr(consumer, "_started", threading.Event())
    monkeypatch.setattr(HUEY, "create_consumer", lambda **kw: FakeConsumer())
    assert consumer.start_consumer_in_process() is True
    assert consumer.start_consumer_in_process() is False
    assert len(started) == 1
