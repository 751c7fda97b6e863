"""On PostgreSQL: a bike can't be taken twice, and a rider can't take two bikes, however
many phones tap at once."""

from __future__ import annotations

from typing import Any

import pytest

from nuanxin.access import bike_services
from nuanxin.access.models import Bike, Trip
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 16


def test_many_riders_one_bike(postgres_only: None, bikes: Any, make_rider: Any) -> None:
    bike = bikes[1][0]
    riders = [make_rider() for _ in range(THREADS)]
    results = run_together([lambda r=r: bike_services.sign_out(user=r, bike_code=bike.code)
                            for r in riders], threads=THREADS)
    won = [r for r in results if isinstance(r, Trip)]
    assert len(won) == 1
    assert all("已被借出" in r.message for r in results if not isinstance(r, Trip))
    assert Trip.objects.count() == 1
    assert Bike.objects.get(pk=bike.pk).rider_id == won[0].rider_id


def test_one_rider_many_bikes(postgres_only: None, bikes: Any, make_rider: Any) -> None:
    rider = make_rider()
    codes = [b.code for b in bikes[1]] * 4
    results = run_together([lambda c=c: bike_services.sign_out(user=rider, bike_code=c)
                            for c in codes], threads=THREADS)
    assert sum(isinstance(r, Trip) for r in results) == 1
    assert Trip.objects.filter(rider=rider).count() == 1
    assert Bike.objects.filter(rider=rider).count() == 1


def test_return_raced_by_many_taps(postgres_only: None, bikes: Any, make_rider: Any) -> None:
    rider = make_rider()
    bike_services.sign_out(user=rider, bike_code=bikes[1][0].code)
    point = bikes[0][1]
    results = run_together([lambda: bike_services.return_bike(user=rider, point_code=point.code)]
                           * THREADS, threads=THREADS)
    assert sum(isinstance(r, Trip) for r in results) == 1
    assert Trip.objects.get().to_point_id == point.pk
