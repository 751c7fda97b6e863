"""Routing by location and category; transfers and returns; points awarded exactly once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.kernel.errors import DomainError
from nuanxin.points.models import LedgerEntry, PointsAccount
from nuanxin.reports import actions
from nuanxin.reports.models import HandlerKind
from nuanxin.reports.routing import route
from nuanxin.reports.states import Status

from .helpers import GRID_POINT, make_report


@pytest.mark.parametrize(("point", "kind", "region", "home"), [
    (GRID_POINT, HandlerKind.COMMUNITY, "371702001001001", "371702001001001"),
    (GRID_POINT, HandlerKind.PROPERTY, "371702001001", "371702001001001"),
    (GRID_POINT, HandlerKind.TOWNSHIP, "371702001", "371702001001001"),
    ((115.4951, 35.2379), HandlerKind.COMMUNITY, "371702001006", "371702001006"),  # no grids
    ((115.4481, 35.2361), HandlerKind.COMMUNITY, "371702002001", "371702002001"),
    ((115.5410, 34.8289), HandlerKind.TOWNSHIP, "371721001", "371721001001"),
    # 8 km from any community point but near a township point: the township's queue.
    ((115.5400, 34.9000), HandlerKind.COMMUNITY, "371721001", "371721001"),
])
def test_route(regions: Any, point: tuple[float, float], kind: str, region: str,
               home: str) -> None:
    r = route(point[0], point[1], kind)
    assert (r.region.code, r.home.code) == (region, home)


def test_outside_the_city_is_refused(regions: Any) -> None:
    with pytest.raises(DomainError, match="不在本市服务范围"):
        route(116.40, 39.90, HandlerKind.COMMUNITY)


def test_transfer_and_return_are_in_the_timeline(catalogue: Any, people: Any, regions: Any,
                                                 api_as: Callable[..., Any]) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"])
    resp = api_as(people["grid"]).post(f"/api/reports/{report.pk}/return",
                                       {"reason": "unclear_ownership", "note": "产权单位不明"})
    assert resp.status_code == 200
    assert resp.json()["status"] == "returned" and resp.json()["region"] == "371702001001"
    resp = api_as(people["grid"]).post(f"/api/reports/{report.pk}/return",
                                       {"reason": "wrong_area"})
    # Returned to the community: the grid worker no longer reaches it (scope before state).
    assert resp.status_code == 403
    again = api_as(people["community"]).post(f"/api/reports/{report.pk}/return",
                                             {"reason": "wrong_area"})
    assert again.status_code == 409  # returned: the level above must reassign, not return
    bad = api_as(people["community"]).post(f"/api/reports/{report.pk}/transfer",
                                           {"region": "999", "reason": "改派"})
    assert bad.status_code == 400 and bad.json()["field"] == "region"
    resp = api_as(people["community"]).post(f"/api/reports/{report.pk}/transfer",
                                            {"region": "371702001006", "reason": "属双河社区"})
    assert resp.status_code == 200 and resp.json()["status"] == "submitted"
    labels = [e["label"] for e in resp.json()["timeline"]]
    assert labels.count("退单") == 1 and "转派" in labels
    public = api_as(people["rider"]).get(f"/api/reports/{report.pk}").json()
    assert "属双河社区" not in str(public["timeline"])  # internal reason stays internal
    assert "转派至双河社区居委会" in str(public["timeline"])


def test_bad_return_reason_refused(catalogue: Any, people: Any, regions: Any,
                                   api_as: Callable[..., Any]) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"])
    resp = api_as(people["grid"]).post(f"/api/reports/{report.pk}/return", {"reason": "lazy"})
    assert resp.status_code == 400 and "退单理由" in resp.json()["detail"]
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_points_awarded_once_whatever_is_retried(catalogue: Any, people: Any, regions: Any,
                                                 api_as: Callable[..., Any]) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"], status=Status.ACCEPTED)
    actions.resolve(user=people["grid"], report_id=report.pk, text="已修复井盖并拍照")
    rider = api_as(people["rider"])
    assert rider.post(f"/api/reports/{report.pk}/rate", {"rating": "satisfied"}).status_code == 200
    assert rider.post(f"/api/reports/{report.pk}/rate", {"rating": "satisfied"}).status_code == 409
    entries = LedgerEntry.objects.filter(account__user=people["rider"])
    assert [(e.amount, e.reason, e.actor_id) for e in entries] == [
        (20, "report_confirmed", people["grid"].pk)]
    assert PointsAccount.objects.get(user=people["rider"]).balance == 20


def test_reopened_then_closed_again_still_awards_once(catalogue: Any, people: Any,
                                                      regions: Any) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"], status=Status.ACCEPTED)
    actions.reply(user=people["grid"], report_id=report.pk, text="已安排维修，请等待")
    actions.rate(user=people["rider"], report_id=report.pk, rating="basic")
    report.refresh_from_db()
    report.status = Status.ANSWERED  # as if reopened by an admin and answered again
    report.save()
    actions.rate(user=people["rider"], report_id=report.pk, rating="satisfied")
    assert LedgerEntry.objects.filter(account__user=people["rider"]).count() == 1


def test_not_genuine_earns_nothing(catalogue: Any, people: Any, regions: Any) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"], status=Status.ACCEPTED)
    actions.reply(user=people["grid"], report_id=report.pk, text="现场核实未发现该问题",
                  genuine=False)
    actions.rate(user=people["rider"], report_id=report.pk, rating="satisfied")
    assert not LedgerEntry.objects.filter(account__user=people["rider"]).exists()


def test_supervise_by_level_above_only(catalogue: Any, people: Any, regions: Any,
                                       api_as: Callable[..., Any]) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"])
    assert api_as(people["grid"]).post(f"/api/reports/{report.pk}/supervise",
                                       {"reason": "抓紧办理"}).status_code == 403
    resp = api_as(people["township"]).post(f"/api/reports/{report.pk}/supervise",
                                           {"reason": "抓紧办理"})
    assert resp.status_code == 200 and "督办" in [e["label"] for e in resp.json()["timeline"]]


def test_figures_count_what_lies_below(catalogue: Any, people: Any, regions: Any,
                                       api_as: Callable[..., Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    grid = regions["371702001001001"]
    past = timezone.now() - timedelta(hours=1)
    make_report(category=catalogue["road_hazard"], reporter=people["rider"], region=grid,
                accept_due_at=past)
    make_report(category=catalogue["road_hazard"], reporter=people["rider"], region=grid,
                status=Status.CLOSED, finished_on_time=True, rating="satisfied")
    make_report(category=catalogue["road_hazard"], reporter=people["rider"], region=grid,
                status=Status.CLOSED, finished_on_time=False, rating="dissatisfied")
    resp = api_as(people["township"]).get("/api/reports/figures", {"region": "371702001"})
    top = resp.json()[0]
    assert (top["total"], top["overdue"], top["on_time_rate"], top["satisfaction_rate"]) == (
        3, 1, 0.5, 0.5)
    assert api_as(people["grid"]).get("/api/reports/figures",
                                      {"region": "371702001"}).status_code == 403


def test_figures_unknown_region_names_the_parameter(people: Any,
                                                    api_as: Callable[..., Any]) -> None:
    resp = api_as(people["township"]).get("/api/reports/figures", {"region": "999"})
    assert resp.status_code == 404
    assert resp.json()["field"] == "region" and "999" in resp.json()["detail"]
