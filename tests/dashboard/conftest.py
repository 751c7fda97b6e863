"""A little world under the mini Heze tree: workers, stations, reports, activities, points
and insurance in two counties, built from rows so every figure can be counted by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.activities.models import Activity, Signup, SignupStatus
from nuanxin.benefits.models import Application, ApplicationStatus, Programme
from nuanxin.people.models import Worker
from nuanxin.points.models import Reason
from nuanxin.points.services import post_entry
from nuanxin.regions.models import Region
from nuanxin.reports.catalogue import ensure_catalogue
from nuanxin.reports.models import Report
from nuanxin.reports.states import Status
from nuanxin.stations.models import Station

PLACES = {"371702001001": 7, "371702002001": 3, "371721001001": 2}  # village: workers


def add_workers(region: Region, n: int, prefix: str, kind: str = "courier") -> list[User]:
    users = User.objects.bulk_create([User(phone_digest=f"{prefix}{i}", phone_cipher="x",
                                           phone_masked="139****0000") for i in range(n)])
    Worker.objects.bulk_create([Worker(user=u, kind=kind, platform="美团外卖",
                                       work_region=region, real_name_verified=True)
                                for u in users])
    return users


def add_station(region: Region, kind: str) -> Station:
    return Station.objects.create(name=f"{region.name}{kind}", kind=kind, region=region,
                                  lng=115.5, lat=35.2)


def add_report(region: Region, reporter: User, *, late: bool = False, when: Any = None,
               status: str = Status.SUBMITTED) -> Report:
    now = timezone.now()
    category = ensure_catalogue(Region.objects.get(code="371700"))[0]
    due = now - timedelta(hours=2) if late else now + timedelta(hours=6)
    return Report.objects.create(
        category=category, description="井盖缺失", reporter=reporter, lng=115.5, lat=35.2,
        region=region, home_region=region, handler_kind=category.handler_kind, status=status,
        accept_due_at=due, created_at=when or now)


@pytest.fixture
def world(regions: dict[str, Region]) -> dict[str, Any]:
    people = {code: add_workers(regions[code], n, f"w{code}-") for code, n in PLACES.items()}
    add_workers(regions["371702001001"], 2, "streamer-", kind="live_streamer")
    for kind, code in [("warm_station", "371702001001"), ("warm_station", "371721001001"),
                       ("rider_canteen", "371702002001"), ("service_centre", "371702001")]:
        add_station(regions[code], kind)
    rider = people["371702001001"][0]
    overdue = [add_report(regions["371702001001"], rider, late=True),
               add_report(regions["371721001001"], rider, late=True)]
    add_report(regions["371702002001"], rider)
    now = timezone.now()
    act = Activity.objects.create(
        cadence="monthly", category="health_check", title="免费体检", region=regions["371702"],
        lng=115.5, lat=35.2, starts_at=now, ends_at=now + timedelta(hours=2),
        signup_opens_at=now - timedelta(days=3), signup_closes_at=now - timedelta(hours=1),
        capacity=30, checkin_code="x")
    for u in people["371702001001"][:3]:
        Signup.objects.create(activity=act, user=u, status=SignupStatus.ATTENDING,
                              attended_at=now)
    prog = Programme.objects.create(name="呵护新保", kind="insurance", region=regions["371700"],
                                    cover_amount=Decimal("90000"),
                                    starts_on=date(2026, 1, 1), ends_on=date(2027, 6, 30))
    for u in people["371702001001"][:4] + people["371721001001"][:1]:
        Application.objects.create(programme=prog, user=u, status=ApplicationStatus.APPROVED,
                                   cover_amount=Decimal("90000"), decided_at=now)
    with transaction.atomic():
        for u in people["371702002001"]:
            post_entry(user=u, amount=10, reason=Reason.ACTIVITY_ATTENDED)
        post_entry(user=people["371702002001"][0], amount=-4, reason=Reason.REDEMPTION)
    return {"people": people, "overdue": overdue, "activity": act}


@pytest.fixture
def city_admin(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("city_admin", "371700"), name="市社工部")
