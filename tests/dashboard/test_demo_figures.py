"""The demo's steps reproduce the seed page's figures, and /api/figures counts them back:
465 / 2,213 / 77 / 85 / ≥ 80 / 61 stations by kind, 451 insured with 4,041万 of cover.
(The full demo's 67,000 workers are too many for a test; the people step's own test and
the integrator's run of `nuanxin demo` cover that figure.)"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.benefits import demo as benefits_demo
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.stations import demo as stations_demo

from .conftest import add_workers

pytestmark = pytest.mark.django_db


def test_figures_api_counts_the_demo(regions: Any, make_user: Any, api_as: Any) -> None:
    make_user(("station_operator", "371702001"), phone=stations_demo.OPERATOR_PHONE)
    add_workers(regions["371721001001"], 30, "cx-")
    add_workers(regions["371702001001"], 520, "dc-")
    ctx = DemoContext(seed=1, now=timezone.now(), out=io.StringIO(), quiet=True)
    stations_demo.build(ctx)
    benefits_demo.build(ctx)
    boss = make_user(("city_admin", "371700"))
    body = api_as(boss).get("/api/figures/371700").json()
    s = {k: v["value"] for k, v in body["stations"].items()}
    assert (s["warm_station"], s["service_centre"], s["rider_canteen"], s["rider_pharmacy"],
            s["community_centre"]) == (465, 2213, 77, 85, 61)
    assert s["friendly_place"] >= 80
    assert body["benefits"]["insured"]["value"] == 451
    assert body["benefits"]["cover"]["value"] == 40_410_000
    assert body["workers"]["total"]["value"] == 550

