"""The demo step: 东安社区 opted in with a map, 小董 verified with a pass, and Shan county's
8 access bikes at 4 parking points, counted by the figures."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest

from nuanxin.access import demo, figures, services
from nuanxin.access.models import Bike, Community, ParkingPoint, RiderPass
from nuanxin.demo.accounts import DEMO_ACCOUNTS
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker
from nuanxin.regions.importer import import_regions
from nuanxin.regions.models import Region

pytestmark = pytest.mark.django_db

SHAN = """code,name,level,parent_code
371722,单县,county,371700
371722001,园艺街道,township,371722
371722001001,东城社区居民委员会,village,371722001
"""


def test_demo_builds_access(regions: Any, make_user: Any) -> None:
    import_regions(SHAN)
    Region.objects.filter(code="371722001001").update(lng=116.09, lat=34.80)
    make_user(phone="13900000001", superuser=True)
    rider = make_user(("worker", "371702001001"), phone="13900000008")
    Worker.objects.create(user=rider, kind="delivery_rider", platform="美团外卖",
                          work_region=regions["371702001001"])
    shan_riders = [make_user(("worker", "371722001001"), phone=f"1370000000{i}")
                   for i in range(3)]
    for u in shan_riders:
        Worker.objects.create(user=u, kind="courier", work_region_id=Region.objects.get(
            code="371722001001").pk, real_name_verified=True)
    ctx = DemoContext(seed=1, now=datetime.now(UTC), out=io.StringIO(), quiet=True)
    demo.build(ctx)

    assert any(a.role == "gate_guard" and a.region_code == "371702001001" for a in DEMO_ACCOUNTS)
    assert Community.objects.get(region__code="371702001001").features.count() == 7
    assert RiderPass.objects.filter(worker__user=rider, revoked_at__isnull=True).exists()
    assert services.current_token(user=rider)[1].token
    shan = Community.objects.get(region__code="371722001001")
    assert Bike.objects.filter(community=shan).count() == 8
    assert ParkingPoint.objects.filter(community=shan).count() == 4
    out = figures.compute(region=Region.objects.get(code="371722"), start=date(2026, 1, 1),
                          end=date(2030, 1, 1))
    assert out["bikes"].value == 8 and out["parking_points"].value == 4
    assert out["trips"].value > 0 and out["damaged"].value == 1
