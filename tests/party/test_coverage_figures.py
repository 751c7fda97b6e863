"""两个覆盖 and the figures: counted from records, scoped, drillable to uncovered groups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.activities.services import ActivityDraft, publish_activity
from nuanxin.party.coverage import coverage, drill
from nuanxin.party.services import (
    advance,
    check_in,
    confirm_check_in,
    record_application,
)
from tests.party.conftest import phone_of

pytestmark = pytest.mark.django_db


def _party_activity(actor: User, region: str, kinds: list[str], days_ago: int) -> None:
    start = timezone.now() - timedelta(days=days_ago)
    publish_activity(actor=actor, draft=ActivityDraft(
        title="党员回家", category="party_public", cadence="monthly", region_code=region,
        starts_at=start, ends_at=start + timedelta(hours=2),
        signup_opens_at=start - timedelta(days=3), signup_closes_at=start - timedelta(hours=1),
        capacity=30, worker_kinds=kinds, address="党群服务中心", lng=115.49, lat=35.24))


@pytest.fixture
def groups(make_worker: Callable[..., User]) -> None:
    make_worker(kind="delivery_rider", platform="美团外卖")
    make_worker(kind="delivery_rider", platform="饿了么", region="371702002001")
    make_worker(kind="courier", platform="中通快递")
    make_worker(kind="live_streamer", platform="抖音", region="371702002001")
    make_worker(kind="courier", platform="顺丰速运", region="371721001001")


def test_organisation_and_work_coverage_by_group(groups: None, orgs: Any, regions: Any,
                                                 root: User) -> None:
    _party_activity(root, "371702001", ["courier"], days_ago=20)
    _party_activity(root, "371702", ["live_streamer"], days_ago=120)  # too long ago
    _party_activity(root, "371702", ["courier"], days_ago=-5)  # not yet held
    cov = coverage(regions["371702"])
    by = {(g.kind, g.platform): (g.organised, g.worked) for g in cov.groups}
    # 牡丹区's committee declares riders (every platform); 东城街道 held a courier activity.
    assert by == {("courier", "中通快递"): (False, True),
                  ("delivery_rider", "美团外卖"): (True, False),
                  ("delivery_rider", "饿了么"): (True, False),
                  ("live_streamer", "抖音"): (False, False)}
    assert (cov.organisation_pct, cov.work_pct) == (50.0, 25.0)
    assert {g.label for g in cov.uncovered} == {"快递员·中通快递", "网约配送员·美团外卖",
                                                "网约配送员·饿了么", "网络主播·抖音"}
    rows = {c.region.code: c for c in drill(regions["371702"])}
    assert rows["371702001"].total == 2 and rows["371702001"].worked == 1
    assert rows["371702002"].total == 2 and rows["371702002"].work_pct == 0.0


def test_figures_api_has_the_six_keys_counted_and_scoped(
        groups: None, orgs: Any, regions: Any, make_member: Callable[..., User],
        party_staff: Callable[..., User], make_worker: Callable[..., User],
        api_as: Callable[[User], Any], make_user: Callable[..., User]) -> None:
    staff = party_staff(orgs.mudan)
    for _ in range(2):
        c = check_in(user=make_member(), organisation_id=orgs.dongan.pk, basis="work")
        confirm_check_in(actor=staff, checkin_id=c.pk)
    check_in(user=make_member(), organisation_id=orgs.dongan.pk, basis="work")  # pending
    today = timezone.localdate()
    start = max(date(2024, 1, 1), today - timedelta(days=300))
    cand = record_application(actor=staff, organisation_id=orgs.dongan.pk,
                              phone=phone_of(make_worker()), on=start)
    advance(actor=staff, candidate_id=cand.pk, stage="activist", on=start, people="张建国")
    r = api_as(staff).get("/api/party/figures/371702")
    assert r.status_code == 200, r.content
    body = r.json()
    assert {k: body[k]["value"] for k in ("checked_in", "new_members", "activists",
                                          "applications")} == {
        "checked_in": 2, "new_members": 0, "activists": 1, "applications": 1}
    assert body["organisation_coverage"]["value"] == 50.0
    assert body["organisation_coverage"]["unit"] == "%"
    assert body["work_coverage"]["value"] == 0.0
    # 曹县's committee and a worker may not read 牡丹区; county staff of 牡丹区 may.
    assert api_as(party_staff(orgs.caoxian)).get("/api/party/figures/371702").status_code == 403
    assert api_as(make_worker()).get("/api/party/figures/371702").status_code == 403
    county = make_user(("county_staff", "371702"))
    assert api_as(county).get("/api/party/figures/371702").json()["checked_in"]["value"] == 2
    assert api_as(staff).get("/api/party/figures/371721").status_code == 403


def test_coverage_api_drills_to_uncovered_groups(groups: None, orgs: Any,
                                                 party_staff: Callable[..., User],
                                                 api_as: Callable[[User], Any]) -> None:
    body = api_as(party_staff(orgs.mudan)).get("/api/party/coverage/371702").json()
    assert body["region"]["groups"] == 4
    child = {c["region_code"]: c for c in body["children"]}
    labels = {g["label"] for g in child["371702002"]["uncovered"]}
    assert labels == {"网约配送员·饿了么", "网络主播·抖音"}
