"""Fixtures for report tests: the Heze catalogue and the people around one grid."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache

from nuanxin.accounts.models import User
from nuanxin.accounts.sms import OutboxSender
from nuanxin.regions.models import Region
from nuanxin.reports.catalogue import ensure_catalogue
from nuanxin.reports.models import Category


@pytest.fixture(autouse=True)
def _fresh_cache_and_outbox() -> Iterator[None]:
    cache.clear()
    OutboxSender.outbox.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(regions: dict[str, Region]) -> dict[str, Category]:
    return {c.code: c for c in ensure_catalogue(regions["371700"])}


@pytest.fixture
def people(make_user: Callable[..., User], regions: dict[str, Region]) -> dict[str, User]:
    return {
        "rider": make_user(("worker", "371702001001"), name="骑手小王"),
        "rider2": make_user(("worker", "371702001001"), name="骑手小李"),
        "grid": make_user(("grid_worker", "371702001001001"), name="网格员"),
        "community": make_user(("community_staff", "371702001001"), name="社区书记"),
        "township": make_user(("township_staff", "371702001"), name="街道干部"),
        "county": make_user(("county_staff", "371702"), name="区社工部"),
        "other_grid": make_user(("community_staff", "371702002001"), name="别处社区"),
    }


@pytest.fixture
def media_tmp(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
