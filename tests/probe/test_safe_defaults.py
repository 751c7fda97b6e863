"""Safe defaults 1-3: production refuses to start without its keys or with the console SMS
sender; `check --deploy` fails on a missing key; API errors are JSON in Chinese and logged
with their traceback when DEBUG is off; `make run` serves collected, hashed static files."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
KEYS = {"NUANXIN_SECRET_KEY": "s" * 50, "NUANXIN_HMAC_KEY": "h" * 50,
        "NUANXIN_FIELD_KEYS": "ZmVybmV0LWtleS1mb3ItdGVzdHMtb25seS0zMmJ5dGVzIT0="}


def _django(settings_module: str, env: dict[str, str], *args: str,
            tmp: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("NUANXIN_") and k != "DJANGO_SETTINGS_MODULE"}
    clean.update({"DJANGO_SETTINGS_MODULE": settings_module, "NUANXIN_VAR_DIR": str(tmp),
                  "NUANXIN_ALLOWED_HOSTS": "example.org", **env})
    return subprocess.run([sys.executable, "-m", "django", *args], env=clean,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("missing", sorted(KEYS))
def test_production_refuses_to_start_without_a_key(missing: str, tmp_path: Path) -> None:
    env = {k: v for k, v in KEYS.items() if k != missing}
    env["NUANXIN_SMS_SENDER"] = "gateway.sms.Sender"
    run = _django("nuanxin.settings.production", env, "check", tmp=tmp_path)
    assert run.returncode != 0
    assert f"Production settings need these environment variables: {missing}" in run.stderr
    assert not list(tmp_path.glob("*.key"))  # nothing generated


def test_production_refuses_the_console_sms_sender(tmp_path: Path) -> None:
    env = {**KEYS, "NUANXIN_SMS_SENDER": "nuanxin.accounts.sms.ConsoleSender"}
    run = _django("nuanxin.settings.production", env, "check", tmp=tmp_path)
    assert run.returncode != 0 and "NUANXIN_SMS_SENDER must name a real SMS gateway" in run.stderr


def test_dev_settings_generate_keys_but_check_deploy_fails(tmp_path: Path) -> None:
    run = _django("nuanxin.settings.dev", {}, "check", "--deploy", tmp=tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.key")) == ["field.key", "hmac.key",
                                                              "secret.key"]
    assert run.returncode != 0
    for name in KEYS:
        assert f"{name} is not set" in run.stderr


def test_api_404_is_json_in_chinese() -> None:
    r = Client().get("/api/no-such-endpoint/at/all")
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
    assert r.json() == {"detail": "未找到该接口", "code": "not_found"}


def test_api_500_is_json_and_logged_with_traceback(monkeypatch: Any, regions: Any,
                                                   caplog: Any) -> None:
    from nuanxin.regions import api as regions_api

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database fell over")

    monkeypatch.setattr(regions_api.selectors, "get_region", broken)
    api_log = logging.getLogger("nuanxin.api")
    api_log.addHandler(caplog.handler)  # the project's loggers do not propagate to root
    try:
        r = Client(raise_request_exception=False).get("/api/regions/371702")
    finally:
        api_log.removeHandler(caplog.handler)
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    assert r.json()["detail"] == "服务器内部错误，请稍后再试（已记录）"
    assert "database fell over" not in r.content.decode()
    logged = [rec for rec in caplog.records if rec.name == "nuanxin.api"]
    assert logged and logged[0].exc_info and "RuntimeError" in caplog.text


def test_page_errors_reach_the_console_when_debug_is_off(settings: Any) -> None:
    from logging.config import dictConfig

    from django.utils.log import RequireDebugTrue

    assert settings.DEBUG is False
    dictConfig(settings.LOGGING)
    logger = logging.getLogger("django.request")
    handlers = [h for lg in (logger, logger.parent) if lg for h in lg.handlers]
    assert logger.isEnabledFor(logging.ERROR)
    assert any(isinstance(h, logging.StreamHandler)
               and not any(isinstance(f, RequireDebugTrue) for f in h.filters)
               for h in handlers)


def test_make_run_serves_hashed_static_files_with_debug_off(tmp_path: Path) -> None:
    """What `make run` does: DEBUG off, collectstatic, whitenoise serving the manifest."""
    env = {**KEYS, "NUANXIN_DEBUG": "0", "NUANXIN_ALLOWED_HOSTS": "testserver"}
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "from django.conf import settings;"
        "assert settings.DEBUG is False;"
        "call_command('collectstatic', interactive=False, verbosity=0);"
        "from django.test import Client;"
        "from django.templatetags.static import static;"
        "url = static('nuanxin/base.css'); print(url);"
        "r = Client().get(url); print(r.status_code, r.get('Cache-Control'))"
    )
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("NUANXIN_") and k != "DJANGO_SETTINGS_MODULE"}
    clean.update({"DJANGO_SETTINGS_MODULE": "nuanxin.settings.dev",
                  "NUANXIN_VAR_DIR": str(tmp_path), **env})
    run = subprocess.run([sys.executable, "-c", script], env=clean, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    url, served = run.stdout.strip().splitlines()[-2:]
    assert url.startswith("/static/nuanxin/base.") and url != "/static/nuanxin/base.css"
    assert served.startswith("200") and "max-age" in served
