"""Shared fixtures: a small real region tree, users with roles, API clients, Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from nuanxin.accounts.models import User
from nuanxin.accounts.services import assign_role, create_user, issue_token
from nuanxin.regions.importer import import_regions
from nuanxin.regions.models import Region

# Playwright's sync API runs an event loop in the test thread; Django's ORM is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A slice of Heze's real divisions (codes and names from the bundled file) plus a grid.
MINI_REGIONS = """code,name,level,parent_code
371700,菏泽市,city,
371702,牡丹区,county,371700
371721,曹县,county,371700
371702001,东城街道,township,371702
371702002,西城街道,township,371702
371721001,曹城街道,township,371721
371702001001,东安社区居委会,village,371702001
371702001006,双河社区居委会,village,371702001
371702002001,西城社区居委会,village,371702002
371721001001,曹城社区居委会,village,371721001
"""

POINTS = {  # approximate WGS-84 points
    "371700": (115.4748, 35.2341), "371702": (115.4748, 35.2341), "371721": (115.5420, 34.8260),
    "371702001": (115.4900, 35.2400), "371702002": (115.4500, 35.2350),
    "371721001": (115.5400, 34.8300), "371702001001": (115.4920, 35.2410),
    "371702001006": (115.4950, 35.2380), "371702002001": (115.4480, 35.2360),
    "371721001001": (115.5410, 34.8290),
}


def build_mini_tree() -> dict[str, Region]:
    import_regions(MINI_REGIONS)
    community = Region.objects.get(code="371702001001")
    Region.objects.create(code="371702001001001", name="第1网格", level="grid", parent=community,
                          path=community.path + "371702001001001/", lng=115.4921, lat=35.2411)
    for code, (lng, lat) in POINTS.items():
        Region.objects.filter(code=code).update(lng=lng, lat=lat)
    return {r.code: r for r in Region.objects.all()}


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache (throttles, indexes), in-process or Redis."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    for alias in caches:
        # A database-backed cache (the Redis fallback, the limits table) lives in the test
        # database, which each test gets fresh; clearing it here would need database access
        # before the test's own marks have granted it.
        if not isinstance(caches[alias], DatabaseCache):
            caches[alias].clear()
    from nuanxin.regions import locator

    locator.reset()  # regions made by a test (not through services) are seen at once


@pytest.fixture
def regions(db: Any) -> dict[str, Region]:
    return build_mini_tree()


_phone_seq = iter(range(10_000_000))


def next_phone() -> str:
    return f"1390{next(_phone_seq):07d}"


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """make_user(("township_staff", "371702001"), ...) -> a user with those roles."""

    def make(*roles: tuple[str, str], password: str = "pass-word-123", phone: str | None = None,
             superuser: bool = False, name: str = "测试用户") -> User:
        user = create_user(phone=phone or next_phone(), password=password, display_name=name,
                           is_superuser=superuser, is_staff=superuser)
        for role, code in roles:
            assign_role(user=user, role=role, region_code=code)
        return User.objects.get(pk=user.pk)

    return make


class ApiClient(Client):
    """A test client that sends JSON and a bearer token."""

    def __init__(self, token: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.token = token

    def _auth(self, extra: dict[str, Any]) -> dict[str, Any]:
        if self.token:
            extra.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token}")
        return extra

    def get(self, path: str, data: Any = None, **extra: Any) -> Any:  # type: ignore[override]
        return super().get(path, data, **self._auth(extra))

    def post(self, path: str, data: Any = None, content_type: str = "application/json",
             **extra: Any) -> Any:  # type: ignore[override]
        return super().post(path, data, content_type=content_type, **self._auth(extra))

    def delete(self, path: str, data: Any = "", content_type: str = "application/json",
               **extra: Any) -> Any:  # type: ignore[override]
        return super().delete(path, data, content_type=content_type, **self._auth(extra))


@pytest.fixture
def api() -> ApiClient:
    return ApiClient()


@pytest.fixture
def api_as(db: Any) -> Callable[[User], ApiClient]:
    def client_for(user: User) -> ApiClient:
        _, key = issue_token(user=user)
        return ApiClient(token=key)

    return client_for


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def postgres_only() -> None:
    if not is_postgres():
        pytest.skip("concurrency proof runs on PostgreSQL (make test runs it there too)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    path = os.environ.get("NUANXIN_BROWSER") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if not path:
        pytest.skip("Chromium not installed: browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium: Any) -> Iterator[Any]:
    """A 360 x 740 phone-sized page in Chinese, in Asia/Shanghai."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                   timezone_id="Asia/Shanghai", device_scale_factor=2,
                                   is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
