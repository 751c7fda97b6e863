"""GET /api/figures/{region}: every section's figures, counted from the records in scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.accounts.models import User
from nuanxin.dashboard import sections
from nuanxin.dashboard.periods import parse_period
from nuanxin.regions.models import Region

pytestmark = pytest.mark.django_db


def test_city_figures_count_the_records(world: Any, city_admin: User, api_as: Any) -> None:
    body = api_as(city_admin).get("/api/figures/371700").json()
    assert body["region"]["name"] == "菏泽市" and body["from"].endswith("-01-01")
    w = body["workers"]
    assert w["total"]["value"] == 14 and w["total"]["label"]
    assert w["total"]["breakdown"]["快递员"] == 12 and w["total"]["breakdown"]["网络主播"] == 2
    assert w["by_platform"]["breakdown"] == {"美团外卖": 14}
    s = body["stations"]
    assert (s["warm_station"]["value"], s["rider_canteen"]["value"],
            s["service_centre"]["value"], s["total"]["value"]) == (2, 1, 1, 4)
    r = body["reports"]
    assert (r["received"]["value"], r["overdue"]["value"], r["waiting"]["value"]) == (3, 2, 3)
    assert body["activities"]["held"]["value"] == 1
    assert body["activities"]["participants"]["value"] == 3
    assert body["benefits"]["insured"]["value"] == 5
    assert body["benefits"]["cover"]["value"] == 450_000
    assert body["points"]["issued"]["value"] == 30 and body["points"]["redeemed"]["value"] == 4
    # every figure says what it counts, in one Chinese line
    for section in ("workers", "stations", "reports", "activities", "benefits", "points"):
        for fig in body[section].values():
            assert fig["label"] and "\n" not in fig["label"]


def test_children_add_up_and_match_each_child_alone(world: Any,
                                                    regions: dict[str, Region]) -> None:
    period = parse_period(None, None)
    city = regions["371700"]
    kids = [regions["371702"], regions["371721"]]
    grouped = sections.compute_children(city, kids, period.start, period.end)
    for kid in kids:
        alone = sections.compute(kid, period.start, period.end)
        assert grouped[kid.code] == alone
    assert grouped["371702"]["workers"]["total"].value == 12
    assert grouped["371721"]["reports"]["overdue"].value == 1


def test_county_staff_see_their_county_only(world: Any, make_user: Callable[..., User],
                                            api_as: Any) -> None:
    county = api_as(make_user(("county_staff", "371721")))
    assert county.get("/api/figures/371721").json()["workers"]["total"]["value"] == 2
    refused = county.get("/api/figures/371702")
    assert refused.status_code == 403 and refused.json()["field"] == "region_code"


def test_riders_and_strangers_are_refused(world: Any, make_user: Callable[..., User],
                                          api_as: Any, api: Any) -> None:
    rider = api_as(make_user(("worker", "371702001001")))
    assert rider.get("/api/figures/371700").status_code == 403
    assert api.get("/api/figures/371700").status_code == 401


def test_bad_period_names_the_field(world: Any, city_admin: User, api_as: Any) -> None:
    client = api_as(city_admin)
    bad = client.get("/api/figures/371700", {"from": "2026-13-01"})
    assert bad.status_code == 400 and bad.json()["field"] == "from"
    back = client.get("/api/figures/371700", {"from": "2026-05-01", "to": "2026-04-01"})
    assert back.status_code == 400 and back.json()["field"] == "to"
    assert client.get("/api/figures/999999").status_code == 404


def test_period_excludes_what_happened_outside_it(world: Any, city_admin: User,
                                                  api_as: Any) -> None:
    body = api_as(city_admin).get("/api/figures/371700",
                                  {"from": "2025-01-01", "to": "2025-12-31"}).json()
    assert body["reports"]["received"]["value"] == 0
    assert body["workers"]["total"]["value"] == 0
    assert body["points"]["issued"]["value"] == 0
