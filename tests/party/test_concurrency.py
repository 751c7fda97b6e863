"""Races on a state: a check-in confirmed from many threads is confirmed once; two steps of
the pipeline at once give one step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import Conflict, DomainError
from nuanxin.notifications.models import Notification
from nuanxin.party.models import CheckIn, Step
from nuanxin.party.services import advance, confirm_check_in, decline_check_in, record_application
from tests.concurrency import run_together
from tests.party.conftest import phone_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def test_confirming_twice_confirms_once(pending: Callable[..., int], orgs: Any,
                                        party_staff: Callable[..., User]) -> None:
    pk = pending()
    staff = [party_staff(orgs.dongan, name=f"工作者{i}") for i in range(4)]
    tasks: list[Callable[[], object]] = []
    for i in range(24):
        actor = staff[i % 4]
        if i % 3 == 2:
            tasks.append(lambda a=actor: decline_check_in(actor=a, checkin_id=pk, reason="重复"))
        else:
            tasks.append(lambda a=actor: confirm_check_in(actor=a, checkin_id=pk))
    results = run_together(tasks)
    won = [r for r in results if not isinstance(r, DomainError)]
    assert len(won) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, DomainError))
    row = CheckIn.objects.get(pk=pk)
    assert row.status in ("confirmed", "declined")
    assert Notification.objects.filter(user=row.user).count() == 1


def test_two_steps_at_once_give_one_step(make_worker: Callable[..., User], orgs: Any,
                                         party_staff: Callable[..., User]) -> None:
    staff = party_staff(orgs.dongcheng)
    cand = record_application(actor=staff, organisation_id=orgs.dongan.pk,
                              phone=phone_of(make_worker()), on=date(2024, 3, 1))
    results = run_together([lambda: advance(actor=staff, candidate_id=cand.pk, stage="activist",
                                            on=date(2024, 4, 1), people="张建国")
                            for _ in range(16)])
    assert sum(not isinstance(r, DomainError) for r in results) == 1
    assert Step.objects.filter(candidate=cand).count() == 2
