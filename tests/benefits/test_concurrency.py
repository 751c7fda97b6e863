"""The quota is never passed: many approvals (and applications) at once on PostgreSQL.

approve() locks the programme row and recounts the approved inside the lock.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection

from nuanxin.accounts.models import RoleAssignment, User
from nuanxin.benefits.models import Application, ApplicationStatus
from nuanxin.benefits.services import apply, approve
from nuanxin.kernel.errors import Conflict
from nuanxin.people.models import Worker

APPLICANTS = 200
QUOTA = 7
THREADS = 24


def _workers(n: int, region) -> list[User]:
    User.objects.bulk_create([User(phone_digest=f"ben-{i}", phone_cipher="x",
                                   phone_masked="139****0000", display_name=f"骑手{i}")
                              for i in range(n)])
    users = list(User.objects.filter(phone_digest__startswith="ben-").order_by("id"))
    Worker.objects.bulk_create([Worker(user=u, kind="courier", work_region=region,
                                       real_name_verified=True) for u in users])
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role="worker", region=region)
                                        for u in users])
    return users


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_pass_the_quota(postgres_only, regions, make_user,
                                                   make_programme):
    programme = make_programme(quota=QUOTA, cover_amount=Decimal("90000"))
    users = _workers(APPLICANTS, regions["371702001001"])
    apps = [apply(user=u, programme_id=programme.pk) for u in users]
    approvers = [make_user(("county_staff", "371702")) for _ in range(4)]
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        if i < THREADS:
            barrier.wait()
        try:
            approve(actor=approvers[i % 4], application_id=apps[i].pk)
            outcome = "approved"
        except Conflict:
            outcome = "refused"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(attempt, range(APPLICANTS)))

    assert results.count("approved") == QUOTA
    assert results.count("refused") == APPLICANTS - QUOTA
    approved = Application.objects.filter(programme=programme,
                                          status=ApplicationStatus.APPROVED)
    assert approved.count() == QUOTA
    assert sum(a.cover_amount for a in approved) == QUOTA * Decimal("90000")


@pytest.mark.django_db(transaction=True)
def test_one_person_two_programmes_insured_once(postgres_only, regions, make_user,
                                                make_programme):
    """Two overlapping insurance batches approved at the same moment: one wins."""
    users = _workers(30, regions["371702001001"])
    first, second = make_programme(name="甲", quota=None), make_programme(name="乙", quota=None)
    pairs = [(apply(user=u, programme_id=first.pk), apply(user=u, programme_id=second.pk))
             for u in users]
    staff = make_user(("county_staff", "371702"))

    def attempt(job: tuple[int, int]) -> None:
        try:
            approve(actor=staff, application_id=pairs[job[0]][job[1]].pk)
        except Conflict:
            pass
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(attempt, [(i, k) for i in range(len(users)) for k in (0, 1)]))

    for u in users:
        assert Application.objects.filter(user=u, status=ApplicationStatus.APPROVED).count() == 1
