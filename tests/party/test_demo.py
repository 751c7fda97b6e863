"""The party demo step reproduces the seed page's figures as records."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.utils import timezone

import nuanxin.people.demo as people_demo
from nuanxin.accounts.demo import build as build_accounts
from nuanxin.accounts.services import find_user_by_phone
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.party.demo import build as build_party
from nuanxin.party.figures import compute
from nuanxin.party.models import CheckIn, Organisation
from nuanxin.party.scope import org_scope
from nuanxin.regions.demo import build as build_regions
from nuanxin.regions.selectors import get_region

pytestmark = pytest.mark.django_db


def test_seed_figures_are_counted_from_demo_records(monkeypatch: Any) -> None:
    monkeypatch.setattr(people_demo, "TOTAL_WORKERS", 6000)
    ctx = DemoContext(seed=7, now=timezone.now(), out=StringIO(), quiet=True)
    build_regions(ctx)
    people_demo.build(ctx)
    build_accounts(ctx)
    build_party(ctx)

    jiayuan = get_region("371724001900")
    assert jiayuan.name == "嘉园社区居民委员会" and jiayuan.parent is not None
    assert jiayuan.parent.name == "凤凰街道"
    assert jiayuan.children.count() == 8
    city = compute(region=get_region("371700"), start=date(2024, 1, 1),
                   end=timezone.localdate() + timedelta(days=1))
    assert {k: city[k].value for k in ("checked_in", "new_members", "activists",
                                       "applications")} == {
        "checked_in": 358, "new_members": 61, "activists": 175, "applications": 289}
    org = Organisation.objects.get(region=jiayuan)
    assert org.name == "嘉园社区党委" and org.brand == "我爱我JIA"
    members = CheckIn.objects.filter(organisation=org, status="confirmed")
    assert members.count() == 358
    assert {c.user.party_membership.home_region.parent_id for c in members[:50]} == {jiayuan.pk}
    assert 0 < city["organisation_coverage"].value < 100  # type: ignore[operator]
    assert 0 < city["work_coverage"].value < 100  # type: ignore[operator]
    juye_login = find_user_by_phone("13900000007")
    assert org_scope(juye_login).covers(org)
    assert Organisation.objects.filter(brand="睦邻互助", kind="household").count() >= 2
