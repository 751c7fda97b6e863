"""Hole 5: concurrent retries of one Idempotency-Key must not use up the hourly quota.

Before, each of 50 simultaneous retries counted against the limit of 10 an hour, so the
rider's next real report was refused. Only reports actually created count now.
"""

from __future__ import annotations

from typing import Any

import pytest

from nuanxin.reports.models import Report
from nuanxin.reports.ratelimit import PER_USER_PER_HOUR, RateLimited
from nuanxin.reports.services import Submission, submit_report
from tests.concurrency import run_together

from .helpers import GRID_POINT, jpeg

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(people: Any, key: str, photo: bytes) -> Any:
    return submit_report(reporter=people["rider"], client_ip="10.1.2.3", sub=Submission(
        category_code="road_hazard", description="井盖缺失，夜里危险", photos=[photo],
        lng=GRID_POINT[0], lat=GRID_POINT[1], idempotency_key=key))


def test_retries_of_one_key_use_one_place(postgres_only: None, catalogue: Any, people: Any,
                                          media_tmp: Any) -> None:
    photo = jpeg()
    for burst in range(2):
        results = run_together([lambda b=burst: _submit(people, f"tap-{b}", photo)] * 30,
                               threads=30)
        assert not [r for r in results if isinstance(r, RateLimited)], burst
        assert sum(1 for r in results if r[1]) == 1  # exactly one created per key
    # 2 of 10 places used: the next 8 distinct reports go through, the 9th is refused.
    made = [_submit(people, f"real-{i}", photo) for i in range(PER_USER_PER_HOUR - 2)]
    assert all(created for _, created in made)
    with pytest.raises(RateLimited):
        _submit(people, "one-too-many", photo)
    assert Report.objects.count() == PER_USER_PER_HOUR


@pytest.mark.django_db
def test_refused_attempts_do_not_count(catalogue: Any, people: Any, media_tmp: Any) -> None:
    """A report refused for its content keeps no place in the limit (any database)."""
    photo = jpeg()
    for _ in range(PER_USER_PER_HOUR + 3):
        with pytest.raises(Exception, match="类别"):
            submit_report(reporter=people["rider"], client_ip="10.1.2.3", sub=Submission(
                category_code="nope", description="井盖缺失，夜里危险", photos=[photo],
                lng=GRID_POINT[0], lat=GRID_POINT[1]))
    assert _submit(people, "", photo)[1] is True
