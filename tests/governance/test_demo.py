"""The governance demo: a season across the counties, Yuncheng busiest, with agreements,
failures and overdue cases that climbed the ladder — all through the services."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from nuanxin.governance import demo
from nuanxin.governance.models import ListeningRequest, ListeningSession, Meeting, TalkAttendance
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.mediation.models import MediationCase, Result
from nuanxin.regions.models import Region
from nuanxin.reports.models import Origin, Report

pytestmark = pytest.mark.django_db


def add_yuncheng(regions: dict[str, Region]) -> None:
    city = regions["371700"]
    county = Region.objects.create(code="371725", name="郓城县", level="county", parent=city,
                                   path=city.path + "371725/", lng=115.943, lat=35.599)
    for i in (1, 2, 3):
        t = Region.objects.create(code=f"37172500{i}", name=f"郓城第{i}街道", level="township",
                                  parent=county, path=county.path + f"37172500{i}/",
                                  lng=115.94 + i / 100, lat=35.60)
        Region.objects.create(code=f"37172500{i}001", name=f"郓城第{i}社区", level="village",
                              parent=t, path=t.path + f"37172500{i}001/",
                              lng=115.9405 + i / 100, lat=35.6005)


def test_a_season_with_yuncheng_busiest(regions: dict[str, Region], settings: Any) -> None:
    settings.NUANXIN_SMS_SENDER = "nuanxin.accounts.sms.OutboxSender"
    add_yuncheng(regions)
    demo.build(DemoContext(seed=7, now=timezone.now(), out=StringIO(), quiet=True))
    per_county = {r["township__parent__code"]: r["n"] for r in ListeningSession.objects.values(
        "township__parent__code").annotate(n=Count("id"))}
    assert set(per_county) == {"371702", "371721", "371725"}
    assert per_county["371725"] == max(per_county.values())
    mediations = {r["intake_region__parent__parent__code"]: r["n"] for r in
                  MediationCase.objects.values("intake_region__parent__parent__code").annotate(
                      n=Count("id"))}
    assert mediations["371725"] == max(mediations.values())
    results = set(MediationCase.objects.values_list("result", flat=True))
    assert {Result.AGREEMENT, Result.FAILED} <= results
    assert Report.objects.filter(origin__in=[Origin.MEDIATION, Origin.LISTENING],
                                 escalations__gt=0).exists()
    assert ListeningRequest.objects.filter(outcome="solved").exists()
    assert ListeningRequest.objects.filter(outcome="case").exists()
    assert Meeting.objects.exists() and TalkAttendance.objects.count() == 0  # no workers here
    held = ListeningSession.objects.values_list("held_on", flat=True)
    assert max(held) <= timezone.localdate() and min(held) < timezone.localdate()
