"""A person who sends the passing quiz from many tabs at once is paid exactly once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nuanxin.accounts.models import User
from nuanxin.campaigns.models import Campaign, QuizPass
from nuanxin.campaigns.services import submit_quiz
from nuanxin.points.models import LedgerEntry
from nuanxin.points.selectors import balance_of
from tests.concurrency import run_together

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_quiz_pass_is_paid_once_under_contention(postgres_only: None, campaign: Campaign,
                                                 make_user: Callable[..., User]) -> None:
    resident = make_user(name="村民")
    results = run_together([lambda: submit_quiz(user=resident, campaign_id=campaign.pk,
                                                answers=[1, 0])] * 20)
    assert all(r.passed for r in results)
    assert sum(1 for r in results if r.first_time) == 1
    assert QuizPass.objects.filter(campaign=campaign, user=resident).count() == 1
    assert LedgerEntry.objects.filter(account__user=resident).count() == 1
    assert balance_of(resident) == 5
