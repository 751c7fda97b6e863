"""The rider's registration and login pages, and the production settings check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from nuanxin.accounts.sms import OutboxSender
from nuanxin.people.models import Worker

pytestmark = pytest.mark.django_db


def test_register_page_sends_a_code_then_registers(regions: Any) -> None:
    OutboxSender.outbox.clear()
    c = Client()
    page = c.get("/register/")
    assert "新就业群体注册" in page.content.decode()
    r = c.post("/register/", {"action": "send_code", "phone": "13712345678"})
    assert "验证码已发送" in r.content.decode()
    code = re.search(r"验证码是(\d{6})", OutboxSender.outbox[-1][1]).group(1)  # type: ignore[union-attr]
    r = c.post("/register/", {
        "action": "register", "phone": "13712345678", "sms_code": code,
        "password": "ride-safe-2026", "kind": "courier", "work_region": "371702001006",
        "platform": "中通快递"}, follow=True)
    assert "注册成功" in r.content.decode()
    assert "双河社区居委会" in r.content.decode()
    assert Worker.objects.get().kind == "courier"


def test_register_page_shows_chinese_errors(regions: Any) -> None:
    r = Client().post("/register/", {"action": "register", "phone": "123", "sms_code": "1",
                                     "password": "x", "kind": "", "work_region": ""})
    html = r.content.decode()
    assert "这个字段是必填项" in html  # Django's own zh-hans messages
    assert Worker.objects.count() == 0


def test_login_page_wrong_password_in_chinese(regions: Any, make_user: Any) -> None:
    make_user(phone="13712345678", password="ride-safe-2026")
    r = Client().post("/login/", {"username": "13712345678", "password": "nope"})
    assert "手机号或密码错误" in r.content.decode()
    ok = Client().post("/login/", {"username": "137 1234 5678", "password": "ride-safe-2026"})
    assert ok.status_code == 302


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DJANGO_SETTINGS_MODULE": "nuanxin.settings.production",
           "NUANXIN_SECRET_KEY": "x" * 30 + "-Aa1!" + "y" * 30,
           "NUANXIN_FIELD_KEYS": "ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleWZha2U=",
           "NUANXIN_HMAC_KEY": "h" * 40, "NUANXIN_ALLOWED_HOSTS": "nuanxin.example.cn",
           "NUANXIN_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    done = subprocess.run([sys.executable, "-m", "django", "check", "--deploy",
                           "--fail-level", "WARNING"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_pages_link_a_stylesheet_that_is_served(regions: Any) -> None:
    html = Client().get("/register/").content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    css = Client().get(href)
    assert css.status_code == 200
    assert b"--brand" in b"".join(css.streaming_content)  # type: ignore[attr-defined]


def test_admin_greets_by_name_not_by_digest(regions: Any, make_user: Any) -> None:
    admin = make_user(superuser=True, name="市社工部管理员")
    c = Client()
    c.force_login(admin)
    html = c.get("/admin/").content.decode()
    assert "市社工部管理员" in html
    assert admin.phone_digest not in html




def test_home_puts_the_station_finder_first() -> None:
    html = Client().get("/").content.decode()
    tiles = re.findall(r'<a href="(/[^"]*)">([^<]+)</a>', html.split('class="grid-links"')[1])
    assert tiles[0] == ("/stations/", "找驿站")
    assert tiles[1] == ("/reports/", "随手拍")


def test_tree_root_is_a_few_queries_for_the_whole_city(regions: Any, make_user: Any) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    admin = make_user(superuser=True)
    client = Client()
    client.force_login(admin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/admin/regions/region/tree/")
    assert "菏泽市" in page.content.decode()
    assert len(queries) < 15


def test_client_address_behind_a_trusted_proxy(settings: Any) -> None:
    from django.test import RequestFactory

    from nuanxin.kernel.http import client_address

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2",
                                   HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.AXES_IPWARE_PROXY_COUNT = None
    assert client_address(request) == "10.0.0.2"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"  # what the client wrote is not trusted
