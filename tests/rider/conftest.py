"""Riders and staff for the second-pass tests (issue 11)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.accounts.models import User
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region
from tests.rider.helpers import PASSWORD

_seq = itertools.count(1)


def rider_phone() -> str:
    """Phones of this suite: 1361xxxxxxx, apart from the other suites'."""
    return f"1361{next(_seq):07d}"


def give_points(user: User, points: int) -> None:
    """A balance through the ledger, as a manual entry would (never by setting balance)."""
    from django.db import transaction

    from nuanxin.points.models import Reason
    from nuanxin.points.services import post_entry

    with transaction.atomic():
        post_entry(user=user, amount=points, reason=Reason.MANUAL_ADJUSTMENT, note="测试积分")


@pytest.fixture
def make_rider(regions: dict[str, Region]) -> Callable[..., User]:
    def make(code: str = "371702001001", points: int = 0, name: str = "外卖小哥",
             phone: str | None = None) -> User:
        from nuanxin.accounts.services import assign_role, create_user

        user = create_user(phone=phone or rider_phone(), password=PASSWORD, display_name=name)
        assign_role(user=user, role="worker", region_code=code)
        Worker.objects.create(user=user, kind="delivery_rider", platform="美团外卖",
                              work_region=Region.objects.get(code=code))
        if points:
            give_points(user, points)
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def sms_outbox() -> list[tuple[str, str]]:
    from nuanxin.accounts.sms import OutboxSender

    OutboxSender.outbox.clear()
    return OutboxSender.outbox


def last_code(outbox: list[tuple[str, str]], phone: str) -> str:
    import re

    texts = [t for p, t in outbox if p == phone]
    m = re.search(r"验证码是(\d{6})", texts[-1])
    assert m is not None
    return m.group(1)


def valid_id_number(first17: str = "37170219900101123") -> str:
    from nuanxin.people.id_numbers import check_digit

    return first17 + check_digit(first17)


__all__: list[Any] = ["give_points", "last_code", "rider_phone", "valid_id_number"]
