"""Many staff changing one worker's status at once: one change wins, the history stays a chain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import DomainError
from nuanxin.regions.models import Region
from nuanxin.workforce.models import Post, StatusChange
from nuanxin.workforce.services import change_status, enrol
from tests.concurrency import run_together

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_one_status_change_wins(postgres_only: None, make_user: Callable[..., User],
                                regions: dict[str, Region]) -> None:
    township = make_user(("township_staff", "371702001"))
    worker = make_user(("community_staff", "371702001001"))
    post = enrol(actor=township, person=worker, community_code="371702001001",
                 position="grid", entered_on=date(2025, 3, 1))
    results = run_together([lambda: change_status(actor=township, post_id=post.pk,
                                                  status="left", reason="调往他处")] * 16)
    assert sum(1 for r in results if isinstance(r, Post)) == 1
    assert all(isinstance(r, (Post, DomainError)) for r in results)
    chain = list(StatusChange.objects.filter(post=post).values_list("before", "after"))
    assert chain == [("", "in_post"), ("in_post", "left")]
