"""Writes of the job machinery: claiming a period, recording a failure."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY

from nuanxin.ops.models import JobFailure, JobRun


def period_start(now: datetime, seconds: int) -> datetime:
    """The start of the fixed period of `seconds` that holds `now` (aligned to the epoch)."""
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=timezone.get_current_timezone())


def claim_period(name: str, *, seconds: int, now: datetime | None = None) -> JobRun | None:
    """Claim this period's run of `name`; None when another process already did.

    The unique (name, period_start) constraint decides: the insert is the lock."""
    start = period_start(now or timezone.now(), seconds)
    try:
        with transaction.atomic():
            return JobRun.objects.create(name=name, period_start=start)
    except IntegrityError:
        return None


def finish_run(run: JobRun, summary: str) -> None:
    JobRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), summary=summary[:300])


def record_failure(*, task: str, task_id: str, error: str, retries_left: int) -> JobFailure:
    return JobFailure.objects.create(task=task[:100], task_id=task_id[:64], error=error[:4000],
                                     retries_left=max(retries_left, 0))


def prune_runs(*, keep_days: int = 30) -> int:
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted, _ = JobRun.objects.filter(started_at__lt=cutoff).delete()
    return deleted


# `nuanxin run`: huey's consumer inside the web process, the same workers and scheduler
# `nuanxin worker` runs in production, on threads.

_started = threading.Event()


def start_consumer_in_process(*, workers: int = 1) -> bool:
    """Start once per process; False when already running."""
    if _started.is_set():
        return False
    _started.set()
    autodiscover_modules("tasks")  # as `run_huey` does: every app's queued jobs
    consumer = HUEY.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                    check_worker_health=False)
    consumer.start()  # worker and scheduler threads; returns at once
    return True
