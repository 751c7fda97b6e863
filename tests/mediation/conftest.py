"""Fixtures for mediation: mediators on the three rungs, staff, an outsider, the SMS outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nuanxin.accounts.models import User
from nuanxin.accounts.sms import OutboxSender
from nuanxin.mediation import services
from nuanxin.mediation.models import MediationCase
from nuanxin.regions.models import Region


@pytest.fixture(autouse=True)
def _outbox(settings: Any) -> Iterator[None]:
    settings.NUANXIN_SMS_SENDER = "nuanxin.accounts.sms.OutboxSender"
    OutboxSender.outbox.clear()
    yield


@pytest.fixture
def people(make_user: Callable[..., User], regions: dict[str, Region]) -> dict[str, User]:
    return {
        "village": make_user(("mediator", "371702001001"), name="村调解员"),
        "township": make_user(("mediator", "371702001"), name="街道调解员"),
        "county": make_user(("mediator", "371702"), name="区调解员"),
        "staff": make_user(("community_staff", "371702001001"), name="社区书记"),
        "other": make_user(("mediator", "371721001"), name="别处调解员"),
        "rider": make_user(("worker", "371702001001"), name="骑手"),
    }


def new_case(actor: User, **kw: Any) -> MediationCase:
    args: dict[str, Any] = dict(
        region_code="371702001001", dispute_type="neighbour",
        facts="两户因院墙外排水沟堵塞互相指责，污水流入邻居院内已两个月。",
        request="疏通排水沟并分担费用",
        applicants=[services.PartyIn("王建国", "13800138000")],
        respondents=[services.PartyIn("李红梅", "13900139000")])
    args.update(kw)
    return services.intake(actor=actor, **args)
