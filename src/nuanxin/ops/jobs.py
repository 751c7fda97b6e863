"""The scheduled jobs, on one queue (huey): Redis in production, SQLite for `make run`.

Every process that runs a consumer also runs huey's scheduler, so each periodic job is
enqueued by each of them; `once_per_period` lets only the first run it (a unique row per
job and period). Each job is idempotent, retried with backoff, and a failure is recorded
for staff (`JobFailure` in the back office). `nuanxin run` and `nuanxin worker` start the
same consumer, so the demo and production share one scheduling path.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task

from nuanxin.ops import services

log = logging.getLogger("nuanxin.jobs")


def once_per_period(name: str, seconds: int) -> Callable[[Callable[[], str]], Callable[[], str]]:
    def wrap(job: Callable[[], str]) -> Callable[[], str]:
        @functools.wraps(job)
        def run() -> str:
            claimed = services.claim_period(name, seconds=seconds)
            if claimed is None:
                return "skipped: already run in this period"
            summary = job()
            services.finish_run(claimed, summary)
            return summary
        return run
    return wrap


@db_periodic_task(crontab(minute="*"), retries=3, retry_delay=10, retry_backoff=2,
                  name="escalate_reports")
@once_per_period("escalate_reports", 60)
def escalate_reports() -> str:
    """Deadline warnings, escalation up the ladder, auto-closing (reports.services)."""
    from nuanxin.reports.services import run_deadline_ladder

    return run_deadline_ladder()


@db_periodic_task(crontab(minute="*"), retries=3, retry_delay=10, retry_backoff=2,
                  name="expire_redemptions")
@once_per_period("expire_redemptions", 60)
def expire_redemptions() -> str:
    """Expire unused redemption codes, giving points and stock back (points.services)."""
    from nuanxin.points.services import expire_due_redemptions

    return f"expired {expire_due_redemptions()}"


@db_periodic_task(crontab(minute="7"), retries=2, retry_delay=60, name="roll_up_figures")
@once_per_period("roll_up_figures", 3600)
def roll_up_figures() -> str:
    """Add whole past days to the figures' rollups (dashboard.services); idempotent."""
    from nuanxin.dashboard.services import refresh_all

    return f"rolled up {refresh_all()}"


@db_periodic_task(crontab(minute="*"), retries=3, retry_delay=10, retry_backoff=2,
                  name="access_tick")
@once_per_period("access_tick", 60)
def access_tick() -> str:
    """Rotate pass-signing keys; flag overdue access bikes, reminding riders (access.services)."""
    from nuanxin.access.services import run_periodic

    return run_periodic()


@db_periodic_task(crontab(minute="17", hour="3"), retries=2, retry_delay=60,
                  name="prune_job_runs")
@once_per_period("prune_job_runs", 86_400)
def prune_job_runs() -> str:
    return f"pruned {services.prune_runs()}"


@db_periodic_task(crontab(minute="41", hour="2"), retries=2, retry_delay=300,
                  name="apply_retention")
@once_per_period("apply_retention", 86_400)
def apply_retention() -> str:
    """PIPL retention: anonymise or delete what is past its time (ops.retention)."""
    from nuanxin.ops.retention import apply

    return "; ".join(f"{o.kind} {o.affected}" for o in apply())


@db_periodic_task(crontab(minute="*/5"), retries=2, retry_delay=30, name="collect_demand")
@once_per_period("collect_demand", 300)
def collect_demand() -> str:
    """Rider demand into H3 cells from report places and station visits (planning.services)."""
    from nuanxin.planning.services import collect_recent_demand

    return collect_recent_demand()


@HUEY.signal(signals.SIGNAL_ERROR)
def _record_failure(signal: str, task: Any, exc: BaseException | None = None) -> None:
    log.error("job %s failed: %s", task.name, exc)
    services.record_failure(task=task.name, task_id=str(task.id), error=repr(exc),
                            retries_left=int(getattr(task, "retries", 0) or 0))
