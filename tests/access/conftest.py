"""Fixtures for access: an opted-in 东安社区, verified riders with passes, a gate guard."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from PIL import Image

from nuanxin.access import bike_services, services
from nuanxin.access.models import Bike, Community, ParkingPoint
from nuanxin.accounts.models import User
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region

DONGAN = "371702001001"


def jpeg(color: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (320, 400), color).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture(autouse=True)
def media_tmp(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("community_staff", DONGAN), name="东安社区书记")


@pytest.fixture
def community(staff: User) -> Community:
    return services.set_community_rules(user=staff, region_code=DONGAN, rules=services.Rules(
        open_from=time(6, 0), open_until=time(23, 0), ebike_rule="电动车停南门外",
        parking_note="南门外停放区", bike_minutes=45))


@pytest.fixture
def guard(make_user: Callable[..., User], community: Community) -> User:
    return make_user(("gate_guard", DONGAN), name="东安门岗")


@pytest.fixture
def make_rider(make_user: Callable[..., User], regions: dict[str, Region]) -> Callable[..., User]:
    def make(verified: bool = True, phone: str | None = None, with_pass: bool = False,
             region: str = DONGAN) -> User:
        user = make_user(("worker", region), phone=phone, name="骑手")
        Worker.objects.create(user=user, kind="delivery_rider", platform="美团外卖",
                              work_region=regions[region], real_name_verified=verified)
        if with_pass:
            services.issue_pass(user=user, photo=jpeg())
        return user

    return make


@pytest.fixture
def bikes(staff: User, community: Community) -> tuple[list[ParkingPoint], list[Bike]]:
    p1 = bike_services.add_point(user=staff, community=community, name="南门停放点",
                                 lng=115.4921, lat=35.2404)
    p2 = bike_services.add_point(user=staff, community=community, name="东门停放点",
                                 lng=115.4931, lat=35.2410)
    made = [bike_services.add_bike(user=staff, community=community, number=f"DA-0{i}",
                                   point=p1 if i < 3 else p2) for i in range(1, 5)]
    return [p1, p2], made
