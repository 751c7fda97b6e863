"""Publishing refusals the API did not name before, one draft shape, and no query per row."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nuanxin.activities.api import DraftIn
from nuanxin.activities.forms import PublishForm
from nuanxin.activities.models import Activity, CarePlan
from nuanxin.activities.services import ActivityDraft

pytestmark = pytest.mark.django_db


def _body(**overrides):
    start = timezone.now() + timedelta(days=5)
    body = {"title": "冬送温暖", "category": "summer_cooling", "cadence": "seasonal",
            "region": "371702001", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "signup_opens_at": timezone.now().isoformat(),
            "signup_closes_at": (start - timedelta(days=1)).isoformat(), "capacity": 5,
            "address": "东安社区党群服务中心", "lat": 35.241, "lng": 115.492}
    body.update(overrides)
    return body


def test_api_schema_and_page_form_carry_the_draft_fields():
    """DraftIn says `region` and the form `region`/`station`; all else is ActivityDraft's."""
    draft = {f.name: f for f in dataclasses.fields(ActivityDraft)}
    api = dict(DraftIn.model_fields)
    assert {("region_code" if n == "region" else n) for n in api} == set(draft)
    for name, f in draft.items():
        given = api["region" if name == "region_code" else name]
        if f.default is not dataclasses.MISSING:
            assert given.default == f.default, name
        elif f.default_factory is not dataclasses.MISSING:
            assert given.get_default(call_default_factory=True) == f.default_factory(), name
        else:
            assert given.is_required(), name
    page = {"region_code" if n == "region" else "station_id" if n == "station" else n
            for n in PublishForm(regions=[], stations=[]).fields}
    assert page <= set(draft)


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"points": -1}, "points", "签到积分不能为负数"),
    ({"waitlist_size": -1}, "waitlist_size", "候补名额不能为负数"),
    ({"plan_id": 99999}, "plan_id", "所选年度计划不存在"),
    ({"title": "长" * 101}, "title", "活动名称不能超过100个字"),
    ({"organiser": "办" * 101}, "organiser", "主办单位不能超过100个字"),
    ({"address": "址" * 201}, "address", "活动地址不能超过200个字"),
])
def test_publish_refusals_name_the_field_and_write_nothing(api_as, organiser, overrides,
                                                          field, message):
    r = api_as(organiser).post("/api/activities", _body(**overrides))
    assert r.status_code == 400, r.content
    assert (r.json()["field"], r.json()["detail"]) == (field, message)
    assert not Activity.objects.exists()


def test_publish_with_a_plan_shows_its_theme(api_as, organiser, regions):
    plan = CarePlan.objects.create(year=2026, theme="暖新关爱行动", region=regions["371700"])
    r = api_as(organiser).post("/api/activities", _body(plan_id=plan.pk, organiser=" 东城街道 "))
    assert r.status_code == 201, r.content
    assert r.json()["plan_theme"] == "暖新关爱行动"
    assert Activity.objects.get().organiser == "东城街道"


def test_roster_positions_without_a_query_per_row(api_as, organiser, make_worker,
                                                  make_activity):
    activity = make_activity(capacity=1, waitlist_size=6)

    def sign(n: int) -> None:
        for i in range(n):
            w = make_worker(name=f"骑手{i}")
            assert api_as(w).post(f"/api/activities/{activity.pk}/signups", {}).status_code == 201

    def roster() -> tuple[list[int | None], int]:
        client = api_as(organiser)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(f"/api/activities/{activity.pk}/roster")
        assert r.status_code == 200
        return [row["queue_position"] for row in r.json()], len(ctx.captured_queries)

    sign(3)
    positions, few = roster()
    assert positions == [None, 1, 2]
    sign(4)
    positions, many = roster()
    assert positions == [None, 1, 2, 3, 4, 5, 6]
    assert many == few


def test_list_costs_the_same_queries_for_more_activities(api_as, make_worker, make_activity,
                                                         regions):
    plan = CarePlan.objects.create(year=2026, theme="暖新关爱行动", region=regions["371700"])
    worker = make_worker()

    def count() -> int:
        client = api_as(worker)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/api/activities")
        assert r.status_code == 200
        assert {a["plan_theme"] for a in r.json()["items"]} == {"暖新关爱行动"}
        return len(ctx.captured_queries)

    make_activity(plan_id=plan.pk)
    few = count()
    for _ in range(4):
        make_activity(plan_id=plan.pk)
    assert count() == few
