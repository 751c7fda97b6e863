"""The demo's care-insurance figures are counted from records: 451 people, 40.41 million yuan."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.test import Client
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.benefits import demo
from nuanxin.benefits.models import Application
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker

pytestmark = pytest.mark.django_db


def _workers(regions, code: str, n: int, prefix: str) -> None:
    User.objects.bulk_create([User(phone_digest=f"{prefix}{i}", phone_cipher="x",
                                   phone_masked="139****0000") for i in range(n)])
    users = User.objects.filter(phone_digest__startswith=prefix)
    Worker.objects.bulk_create([Worker(user=u, kind="courier", work_region=regions[code],
                                       real_name_verified=True) for u in users])


def test_demo_insures_451_people_for_4041_wan(regions):
    _workers(regions, "371721001001", 30, "cx-")
    _workers(regions, "371702001001", 520, "dc-")
    ctx = DemoContext(seed=1, now=timezone.now(), out=StringIO(), quiet=True)
    demo.build(ctx)
    f = Client().get("/api/benefits/figures").json()
    assert f["insured_people"] == 451
    assert Decimal(f["total_cover"]) == Decimal("40410000")
    assert Decimal(f["total_cover_wan"]) == Decimal("4041")
    # Nobody is insured twice, and no programme is past its quota.
    insured = Application.objects.filter(status="approved", programme__kind="insurance")
    assert insured.values("user_id").distinct().count() == insured.count()
    for p in {a.programme for a in insured}:
        assert insured.filter(programme=p).count() <= (p.quota or 10**9)
    assert f["meals_discounted"] > 0 and f["health_checks"] > 0
