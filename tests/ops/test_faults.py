"""Faults: Redis stops and the database cache takes over; the database restarts and the
request in flight gets a 503 in Chinese while the next one reconnects (issue 18)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import path

from nuanxin.kernel.ratelimit import hit

DEAD_REDIS = {
    "default": {
        "BACKEND": "nuanxin.kernel.cache.FailoverRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"FALLBACK": "fallback", "socket_connect_timeout": 0.2,
                    "socket_timeout": 0.2},
    },
    "fallback": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                 "LOCATION": "nuanxin_cache_test"},
}


@pytest.mark.django_db
def test_with_redis_down_the_database_cache_keeps_limits_and_pages() -> None:
    with override_settings(CACHES=DEAD_REDIS):
        call_command("createcachetable", verbosity=0)
        cache.set("k", "v", 60)
        assert cache.get("k") == "v"
        assert [hit("probe", 2, 3600) for _ in range(3)] == [False, False, True]
        assert Client().get("/").status_code == 200
        assert Client().get("/readyz").json()["checks"]["cache"] == "ok"


def _lost_database(request: Any) -> Any:
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("lost", _lost_database), path("api/lost", _lost_database)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.ops.test_faults")
def test_a_lost_database_gives_a_clear_503_page_and_json() -> None:
    page = Client().get("/lost")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "服务暂时不可用（数据库正在恢复）" in page.content.decode()
    api = Client().get("/api/lost")
    assert api.status_code == 503
    assert api.json() == {"detail": "服务暂时不可用（数据库正在恢复），请稍后重试",
                          "code": "database_unavailable"}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_after_a_database_restart_the_next_request_succeeds() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (make test runs it there too)")
    client = Client()
    assert client.get("/readyz").status_code == 200
    pid = connection.connection.info.backend_pid
    settings_dict = connection.settings_dict
    with psycopg.connect(host=settings_dict["HOST"] or "127.0.0.1",
                         port=settings_dict["PORT"] or 5432, user=settings_dict["USER"],
                         dbname="postgres", autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    # The request in flight fails cleanly ...
    in_flight = client.get("/readyz")
    assert in_flight.status_code == 503 and in_flight.json()["detail"] == "数据库不可用"
    # ... and the next one reconnects: a server runs Django's per-request health check
    # (CONN_HEALTH_CHECKS) when a request starts; the test client skips that signal.
    from django.db import close_old_connections

    close_old_connections()
    assert client.get("/readyz").status_code == 200
