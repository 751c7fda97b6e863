"""Hole 11: someone outside a report's region gets the scope refusal (403) before any state
check (409), so a stranger learns nothing about the state of another region's report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.reports.states import Status

from .helpers import make_report

ACTIONS = [("accept", {}), ("start", {}), ("transfer", {"region": "371702002", "reason": "转"}),
           ("return", {"reason": "wrong_area"}), ("extend", {"hours": 2, "reason": "等待"}),
           ("extend/decide", {"grant": True}), ("reply", {"text": "已经处理完毕了"}),
           ("resolve", {"text": "已经处理完毕了"}), ("reject", {"reason": "duplicate"}),
           ("supervise", {"reason": "请尽快"}), ("rate", {"rating": "satisfied"}),
           ("dispute", {"reason": "问题仍然存在"})]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "body"), ACTIONS)
def test_outsider_gets_403_on_a_closed_report(action: str, body: dict[str, Any], people: Any,
                                              catalogue: Any, regions: Any,
                                              api_as: Callable[..., Any]) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001"], status=Status.CLOSED)
    r = api_as(people["other_grid"]).post(f"/api/reports/{report.pk}/{action}", body)
    assert r.status_code == 403, (action, r.status_code, r.json())
    assert r.json()["code"] == "forbidden"


@pytest.mark.django_db
def test_insider_still_gets_409_on_a_closed_report(people: Any, catalogue: Any, regions: Any,
                                                    api_as: Callable[..., Any]) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001"], status=Status.CLOSED)
    r = api_as(people["community"]).post(f"/api/reports/{report.pk}/accept", {})
    assert r.status_code == 409 and "已办结" in r.json()["detail"]
