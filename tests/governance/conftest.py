"""Fixtures for governance: the snap catalogue city, staff around one township, SMS outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nuanxin.accounts.models import User
from nuanxin.accounts.sms import OutboxSender
from nuanxin.governance import services
from nuanxin.governance.models import ListeningSession
from nuanxin.regions.models import Region

MARKET = (115.4930, 35.2405)  # near 东安社区, 东城街道


@pytest.fixture(autouse=True)
def _outbox(settings: Any) -> Iterator[None]:
    settings.NUANXIN_SMS_SENDER = "nuanxin.accounts.sms.OutboxSender"
    OutboxSender.outbox.clear()
    yield


@pytest.fixture
def people(make_user: Callable[..., User], regions: dict[str, Region]) -> dict[str, User]:
    return {
        "secretary": make_user(("township_staff", "371702001"), name="街道书记",
                               phone="13911112222"),
        "village": make_user(("community_staff", "371702001001"), name="社区书记"),
        "grid": make_user(("grid_worker", "371702001001001"), name="网格员"),
        "other": make_user(("township_staff", "371721001"), name="别处干部"),
        "rider": make_user(("worker", "371702001001"), name="骑手"),
    }


@pytest.fixture
def session(people: dict[str, User]) -> ListeningSession:
    from django.utils import timezone

    return services.create_session(
        actor=people["secretary"], township_code="371702001", held_on=timezone.localdate(),
        market="东城大集", officials="街道书记、司法所长", lng=MARKET[0], lat=MARKET[1])


@pytest.fixture
def media_tmp(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
