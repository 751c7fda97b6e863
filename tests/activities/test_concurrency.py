"""The last seat is never given twice: hundreds of sign-ups at once on PostgreSQL.

The service locks the activity row and recounts inside the lock; without it, two
requests could both see "one seat left" and both take it.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from nuanxin.accounts.models import RoleAssignment, User
from nuanxin.activities.models import Signup, SignupStatus
from nuanxin.activities.services import ActivityDraft, cancel_signup, publish_activity, sign_up
from nuanxin.kernel.errors import Conflict
from nuanxin.people.models import Worker

SIGNUPS = 300
THREADS = 24
SEATS = 5
WAITLIST = 7


def _bulk_workers(n: int, region) -> list[User]:
    users = [User(phone_digest=f"conc-{i}", phone_cipher="x", phone_masked="139****0000",
                  display_name=f"骑手{i}") for i in range(n)]
    User.objects.bulk_create(users)
    users = list(User.objects.filter(phone_digest__startswith="conc-").order_by("id"))
    Worker.objects.bulk_create([Worker(user=u, kind="delivery_rider", work_region=region)
                                for u in users])
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role="worker", region=region)
                                        for u in users])
    return users


@pytest.mark.django_db(transaction=True)
def test_hundreds_of_signups_for_a_few_seats(postgres_only, regions, make_user):
    organiser = make_user(("township_staff", "371702001"))
    now = timezone.now()
    activity = publish_activity(actor=organiser, draft=ActivityDraft(
        title="免费体检", category="health_check", cadence="monthly", region_code="371702001",
        starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=3),
        signup_opens_at=now - timedelta(hours=1), signup_closes_at=now + timedelta(days=1),
        capacity=SEATS, waitlist_size=WAITLIST, address="东安社区", lat=35.24, lng=115.49))
    users = _bulk_workers(SIGNUPS, regions["371702001001"])
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        if i < THREADS:
            start.wait()  # the first wave starts together
        try:
            s = sign_up(user=users[i], activity_id=activity.pk)
            result = s.status
        except Conflict:
            result = "full"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(attempt, range(SIGNUPS)))

    assert len(outcomes) == SIGNUPS
    assert outcomes.count("attending") == SEATS
    assert outcomes.count("waitlisted") == WAITLIST
    assert outcomes.count("full") == SIGNUPS - SEATS - WAITLIST
    rows = Signup.objects.filter(activity=activity)
    assert rows.filter(status=SignupStatus.ATTENDING).count() == SEATS
    assert rows.filter(status=SignupStatus.WAITLISTED).count() == WAITLIST
    assert rows.count() == SEATS + WAITLIST


@pytest.mark.django_db(transaction=True)
def test_cancels_and_signups_racing_keep_seats_exact(postgres_only, regions, make_user):
    """Cancellations promote from the queue while newcomers arrive: never over capacity."""
    organiser = make_user(("township_staff", "371702001"))
    now = timezone.now()
    activity = publish_activity(actor=organiser, draft=ActivityDraft(
        title="夏送清凉", category="summer_cooling", cadence="seasonal",
        region_code="371702001", starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=3), signup_opens_at=now - timedelta(hours=1),
        signup_closes_at=now + timedelta(days=1), capacity=SEATS, waitlist_size=40,
        address="东安社区", lat=35.24, lng=115.49))
    users = _bulk_workers(120, regions["371702001001"])
    for u in users[:30]:
        sign_up(user=u, activity_id=activity.pk)

    def act(i: int) -> None:
        try:
            if i < 20:
                cancel_signup(user=users[i], activity_id=activity.pk)
            else:
                sign_up(user=users[i + 10], activity_id=activity.pk)
        except Conflict:
            pass
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(act, range(80)))

    attending = Signup.objects.filter(activity=activity, status=SignupStatus.ATTENDING)
    waiting = list(Signup.objects.filter(activity=activity, status=SignupStatus.WAITLISTED)
                   .order_by("id"))
    assert attending.count() == SEATS
    assert 5 <= len(waiting) <= 40  # never past the waitlist size
    # Whoever holds a seat signed up no later than anyone still waiting (first come).
    assert max(attending.values_list("id", flat=True)) < waiting[0].pk
