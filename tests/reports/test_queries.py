"""List pages and list endpoints cost the same number of queries for 2 rows as for 6."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nuanxin.regions import locator
from nuanxin.reports import selectors
from nuanxin.reports.states import Status
from tests.reports.helpers import make_report
from tests.reports.test_pages import web_as

PLACES = ("371702001001001", "371702001006", "371702002001")


def _fill(n: int, catalogue: Any, people: Any, regions: Any) -> None:
    for i in range(n):
        make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                    region=regions[PLACES[i % len(PLACES)]],
                    status=Status.CLOSED if i % 2 else Status.SUBMITTED, rating="satisfied")


def _count(fetch: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = fetch()
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_query_per_row(catalogue: Any, people: Any, regions: Any,
                                         api_as: Callable[..., Any]) -> None:
    county = people["county"]
    fetches: dict[str, Callable[[], Any]] = {
        "queue page": lambda: web_as(county).get("/reports/handle/?status=all"),
        "overview page": lambda: web_as(county).get("/reports/overview/?region=371702"),
        "queue api": lambda: api_as(county).get("/api/reports/queue", {"status": "all"}),
        "figures api": lambda: api_as(county).get("/api/reports/figures", {"region": "371702"}),
        "mine page": lambda: web_as(people["rider"]).get("/reports/"),
        "open311 list": lambda: api_as(county).get("/open311/v2/requests.json"),
    }
    _fill(2, catalogue, people, regions)
    locator.current()  # the place index is built once per process, not per page
    few = {name: _count(f) for name, f in fetches.items()}
    _fill(4, catalogue, people, regions)
    many = {name: _count(f) for name, f in fetches.items()}
    assert many == few


def test_figures_below_is_one_grouped_query_and_matches_each_region(
        catalogue: Any, people: Any, regions: Any) -> None:
    _fill(6, catalogue, people, regions)
    city = regions["371700"]
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.figures_below(city)
    assert len(ctx.captured_queries) == 2  # the child regions, then the counts
    assert [f.region.code for f in rows] == ["371700", "371702", "371721"]
    assert [f.total for f in rows] == [6, 6, 0]
    for f in rows:  # the roll-up agrees with the plain one-region aggregate
        assert f == selectors.figures(f.region)


def test_mediation_cases_stay_out_of_queue_counts_and_live_lists(
        catalogue: Any, people: Any, regions: Any) -> None:
    from nuanxin.reports import selectors
    from nuanxin.reports.models import Report

    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"])
    before = selectors.queue_counts(people["grid"])
    live = list(selectors.live_in(regions["371700"], "waiting"))
    Report.objects.filter(pk=report.pk).update(origin="mediation")
    after = selectors.queue_counts(people["grid"])
    assert after["open"] == before["open"] - 1
    assert report in live and report not in selectors.live_in(regions["371700"], "waiting")
