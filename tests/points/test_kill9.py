"""A worker process killed with SIGKILL in the middle of redemptions and sign-ups leaves no
half-written state: PostgreSQL rolls back the open transaction, and every invariant holds
(issue 18)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from nuanxin.activities.models import Signup, SignupStatus
from nuanxin.activities.services import ActivityDraft, publish_activity
from nuanxin.points.models import Redemption

from .conftest import assert_invariants

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKER = """
import os, sys, django
django.setup()
from nuanxin.accounts.models import User
from nuanxin.activities.services import sign_up
from nuanxin.kernel.errors import DomainError
from nuanxin.points import redemptions
item_id, activity_id = int(sys.argv[1]), int(sys.argv[2])
users = list(User.objects.filter(pk__in=[int(x) for x in sys.argv[3].split(",")]))
n = 0
while True:
    for user in users:
        for act in (lambda: redemptions.redeem(user=user, item_id=item_id),
                    lambda: sign_up(user=user, activity_id=activity_id)):
            try:
                act()
            except DomainError:
                pass
            n += 1
            if n == 5:
                print("busy", flush=True)
"""


def test_sigkill_mid_flight_leaves_no_half_written_state(postgres_only: Any, make_worker: Any,
                                                        make_station: Any, make_item: Any,
                                                        make_user: Any, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (make test runs it there too)")
    workers = [make_worker(points=10_000) for _ in range(40)]
    item = make_item(station=make_station(), price=1, stock=100_000)
    organiser = make_user(("township_staff", "371702001"))
    now = timezone.now()
    activity = publish_activity(actor=organiser, draft=ActivityDraft(
        title="免费体检", category="health_check", cadence="monthly", region_code="371702001",
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2),
        signup_opens_at=now - timedelta(days=1), signup_closes_at=now + timedelta(days=2),
        capacity=15, waitlist_size=5, address="东安社区", lng=115.49, lat=35.24))
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nuanxin.settings.test",
           "NUANXIN_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                           f"{db['PORT'] or 5432}/{db['NAME']}"}
    for kills in range(3):  # kill it three times, each at a different moment
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(item.pk), str(activity.pk),
             ",".join(str(w.pk) for w in workers)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "busy"
        time.sleep(0.3 + 0.4 * kills)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert_invariants({item.pk: 100_000})
    seats = Signup.objects.filter(activity=activity, status=SignupStatus.ATTENDING).count()
    waiting = Signup.objects.filter(activity=activity, status=SignupStatus.WAITLISTED).count()
    assert seats <= 15 and waiting <= 5
    assert seats > 0 and Redemption.objects.exists()  # it was killed while doing real work
