"""Factories for activities tests: workers in the mini tree and an open activity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.activities.models import Activity
from nuanxin.activities.services import ActivityDraft, publish_activity
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region


@pytest.fixture
def make_worker(regions: dict[str, Region], make_user: Callable[..., User]) -> Callable[..., User]:
    def make(kind: str = "delivery_rider", region: str = "371702001001", name: str = "骑手",
             verified: bool = True) -> User:
        user = make_user(("worker", region), name=name)
        Worker.objects.create(user=user, kind=kind, work_region=regions[region],
                              real_name_verified=verified)
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def organiser(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("township_staff", "371702001"), name="东城街道干部")


@pytest.fixture
def city_admin(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("city_admin", "371700"), name="市社工部")


@pytest.fixture
def make_activity(organiser: User) -> Callable[..., Activity]:
    def make(**overrides: Any) -> Activity:
        now = timezone.now()
        fields: dict[str, Any] = {
            "title": "夏送清凉进驿站", "category": "summer_cooling", "cadence": "seasonal",
            "region_code": "371702001", "starts_at": now + timedelta(days=3),
            "ends_at": now + timedelta(days=3, hours=2),
            "signup_opens_at": now - timedelta(days=1),
            "signup_closes_at": now + timedelta(days=2), "capacity": 2, "waitlist_size": 2,
            "address": "东城街道东安社区党群服务中心", "lat": 35.2410, "lng": 115.4920,
        }
        actor = overrides.pop("actor", organiser)
        fields.update(overrides)
        return publish_activity(actor=actor, draft=ActivityDraft(**fields))

    return make
