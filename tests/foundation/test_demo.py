"""`nuanxin demo`: the Heze picture, deterministic from a seed, with a login per role."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

import nuanxin.people.demo as people_demo
from nuanxin.accounts.models import RoleAssignment
from nuanxin.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker
from nuanxin.regions.demo import build as build_regions
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import descendant_counts, get_region

pytestmark = pytest.mark.django_db


def _regions_ctx(seed: int = 7) -> DemoContext:
    from django.utils import timezone

    return DemoContext(seed=seed, now=timezone.now(), out=StringIO(), quiet=True)


def test_regions_step_gives_heze_with_grids_under_urban_communities() -> None:
    build_regions(_regions_ctx())
    counts = descendant_counts(get_region("371700"))
    assert (counts["county"], counts["township"], counts["village"]) == (11, 167, 5040)
    assert counts["grid"] > 1000
    grid = Region.objects.filter(level="grid").select_related("parent").first()
    assert grid is not None and grid.parent is not None
    assert grid.parent.name.endswith(("社区", "居委会", "居民委员会"))
    assert not Region.objects.filter(lng__isnull=True).exists()
    # Every point lies in or near Heze (about 114.8-116.5 E, 34.5-35.9 N).
    assert not Region.objects.exclude(lng__range=(114.6, 116.7), lat__range=(34.4, 36.0)).exists()


def test_worker_step_is_deterministic_for_a_seed(monkeypatch: Any) -> None:
    monkeypatch.setattr(people_demo, "TOTAL_WORKERS", 300)
    monkeypatch.setattr(people_demo, "BATCH", 120)
    build_regions(_regions_ctx())

    def fingerprint() -> list[tuple[str, str, str, str]]:
        return list(Worker.objects.order_by("id").values_list(
            "kind", "platform", "work_region__code", "user__phone_masked"))

    people_demo.build(_regions_ctx(seed=42))
    first = fingerprint()
    assert len(first) == 300
    assert {k for k, *_ in first} == {"delivery_rider", "courier", "ride_hailing_driver",
                                      "truck_driver", "live_streamer"}
    RoleAssignment.objects.all().delete()
    Worker.objects.all().delete()
    from nuanxin.accounts.models import User

    User.objects.all().delete()
    people_demo.build(_regions_ctx(seed=42))
    assert fingerprint() == first


def test_whole_demo_builds_and_every_demo_login_works(monkeypatch: Any) -> None:
    monkeypatch.setattr(people_demo, "TOTAL_WORKERS", 500)
    out = StringIO()
    call_command("demo", stdout=out)
    assert "演示数据生成完毕" in out.getvalue()
    assert Worker.objects.count() == 500 + 1  # plus the demo worker login
    for account in DEMO_ACCOUNTS:
        r = Client().post("/login/", {"username": account.phone, "password": DEMO_PASSWORD})
        assert r.status_code == 302, account
        assert RoleAssignment.objects.filter(user__phone_masked=account.phone[:3] + "****"
                                             + account.phone[-4:], role=account.role,
                                             region__code=account.region_code).exists()
    with pytest.raises(CommandError, match="数据库已有数据"):
        call_command("demo", stdout=StringIO())
    call_command("demo", "--if-empty", stdout=StringIO())  # a no-op, no error
