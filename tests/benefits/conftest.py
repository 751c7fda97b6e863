"""Factories for benefits tests: workers (verified or not) and programmes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.benefits.models import Programme
from nuanxin.kernel.crypto import encrypt
from nuanxin.kernel.masking import mask_id_number
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region

# A well-formed test ID number (check digit per GB 11643; not a real person's).
TEST_ID = "371702199001011237"


@pytest.fixture
def make_worker(regions: dict[str, Region], make_user: Callable[..., User]) -> Callable[..., User]:
    def make(kind: str = "delivery_rider", region: str = "371702001001", name: str = "骑手",
             verified: bool = True, id_number: str = TEST_ID) -> User:
        user = make_user(("worker", region), name=name)
        Worker.objects.create(
            user=user, kind=kind, work_region=regions[region], real_name_verified=verified,
            real_name_cipher=encrypt(name), id_number_cipher=encrypt(id_number),
            id_number_masked=mask_id_number(id_number))
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def make_programme(regions: dict[str, Region]) -> Callable[..., Programme]:
    def make(**overrides: Any) -> Programme:
        today = timezone.localdate()
        fields: dict[str, Any] = {
            "name": "呵护新保", "kind": "insurance", "region": regions["371700"],
            "quota": 2, "cover_amount": Decimal("90000"), "insurer": "中国人寿菏泽分公司",
            "starts_on": today - timedelta(days=10), "ends_on": today + timedelta(days=355),
        }
        fields.update(overrides)
        return Programme.objects.create(**fields)

    return make


@pytest.fixture
def approver(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("county_staff", "371702"), name="牡丹区社工部")
