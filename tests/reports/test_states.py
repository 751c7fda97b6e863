"""Every allowed transition and every forbidden one, through the API a handler or rider uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.kernel.errors import Conflict
from nuanxin.reports.models import Report
from nuanxin.reports.states import TRANSITIONS, Action, Status, allowed_actions, target_state

from .helpers import make_report

# The lifecycle as the issue writes it (12345 work orders), restated independently of the table.
EXPECTED = {
    ("accept", "submitted"): "accepted",
    ("start", "accepted"): "in_progress",
    ("transfer", "submitted"): "submitted", ("transfer", "accepted"): "submitted",
    ("transfer", "in_progress"): "submitted", ("transfer", "returned"): "submitted",
    ("return", "submitted"): "returned", ("return", "accepted"): "returned",
    ("return", "in_progress"): "returned",
    ("extend", "accepted"): "accepted", ("extend", "in_progress"): "in_progress",
    ("decide_extension", "accepted"): "accepted",
    ("decide_extension", "in_progress"): "in_progress",
    ("reply", "accepted"): "answered", ("reply", "in_progress"): "answered",
    ("resolve", "accepted"): "resolved", ("resolve", "in_progress"): "resolved",
    # issue 11: a reply and an on-site resolution follow one another
    ("resolve", "answered"): "resolved", ("reply", "resolved"): "resolved",
    ("reject", "submitted"): "rejected", ("reject", "accepted"): "rejected",
    ("reject", "in_progress"): "rejected", ("reject", "returned"): "rejected",
    ("rate", "resolved"): "closed", ("rate", "answered"): "closed",
    ("dispute", "resolved"): "in_progress", ("dispute", "answered"): "in_progress",
    ("close", "resolved"): "closed", ("close", "answered"): "closed",
}
ALL = [(a, s) for a in Action.values for s in Status.values]


def test_table_is_exactly_the_lifecycle() -> None:
    assert {k: str(v) for k, v in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(("action", "state"), ALL)
def test_each_pair_allowed_or_refused_in_chinese(action: str, state: str) -> None:
    if (action, state) in EXPECTED:
        assert target_state(action, state) == EXPECTED[(action, state)]
        assert action in allowed_actions(state)
    else:
        with pytest.raises(Conflict) as err:
            target_state(action, state)
        assert Status(state).label in err.value.message
        assert Action(action).label in err.value.message
        assert err.value.status_code == 409


def test_final_states_allow_nothing() -> None:
    assert allowed_actions(Status.CLOSED) == []
    assert allowed_actions(Status.REJECTED) == []


# The same pairs through the HTTP API: body and actor per action.
CALLS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "accept": ("grid", "accept", {}),
    "start": ("grid", "start", {}),
    "transfer": ("community", "transfer", {"region": "371702001006", "reason": "属于双河社区"}),
    "return": ("grid", "return", {"reason": "wrong_area", "note": "不在本网格"}),
    "extend": ("grid", "extend", {"hours": 8, "reason": "需要协调施工队"}),
    "reply": ("grid", "reply", {"text": "已联系市政部门，三日内修复"}),
    "resolve": ("grid", "resolve", {"text": "已现场放置警示牌并修复"}),
    "reject": ("grid", "reject", {"reason": "duplicate", "note": "与上一条相同"}),
    "rate": ("rider", "rate", {"rating": "satisfied"}),
    "dispute": ("rider", "dispute", {"reason": "井盖仍然没有盖上"}),
}


@pytest.mark.parametrize("action", sorted(CALLS))
@pytest.mark.parametrize("state", Status.values)
def test_api_transition(action: str, state: str, catalogue: Any, people: Any, regions: Any,
                        api_as: Callable[..., Any]) -> None:
    who, path, body = CALLS[action]
    region = regions["371702001" if state == Status.RETURNED else "371702001001001"]
    if who == "grid" and state == Status.RETURNED:
        who = "township"  # a returned report sits with the level above
    if action == "transfer" and state == Status.RETURNED:
        who = "township"
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=region, status=state)
    events_before = report.events.count()
    resp = api_as(people[who]).post(f"/api/reports/{report.pk}/{path}", body)
    report.refresh_from_db()
    if (action, state) in EXPECTED:
        assert resp.status_code == 200, resp.json()
        assert report.status == EXPECTED[(action, state)] or (
            action == "rate" and report.status == Status.CLOSED)
        assert report.events.count() > events_before
    else:
        assert resp.status_code == 409, resp.json()
        assert "不能" in resp.json()["detail"]
        assert report.status == state
        assert report.events.count() == events_before


def test_dissatisfied_rating_reopens_for_rework(catalogue: Any, people: Any, regions: Any,
                                               api_as: Callable[..., Any]) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"], status=Status.ANSWERED)
    resp = api_as(people["rider"]).post(f"/api/reports/{report.pk}/rate",
                                        {"rating": "dissatisfied", "comment": "没修好"})
    assert resp.status_code == 200
    assert resp.json()["status"] == "in_progress"
    report.refresh_from_db()
    assert report.rework_count == 1 and report.resolve_due_at is not None
    assert [e["kind"] for e in resp.json()["timeline"]][-2:] == ["rate", "reopen"]


def test_only_the_reporter_rates_and_only_handlers_act(catalogue: Any, people: Any,
                                                      regions: Any,
                                                      api_as: Callable[..., Any]) -> None:
    grid = regions["371702001001001"]
    answered = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                           region=grid, status=Status.ANSWERED)
    resp = api_as(people["rider2"]).post(f"/api/reports/{answered.pk}/rate",
                                         {"rating": "satisfied"})
    assert resp.status_code == 403 and "报告人" in resp.json()["detail"]
    fresh = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                        region=grid)
    for who in ("rider", "other_grid"):
        resp = api_as(people[who]).post(f"/api/reports/{fresh.pk}/accept", {})
        assert resp.status_code == 403
    assert Report.objects.get(pk=fresh.pk).status == Status.SUBMITTED
