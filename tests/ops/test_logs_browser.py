"""No personal data in any log line: a rider's whole first visit in Chromium (register with
phone and ID number, sign in, look at their data, sign out and back in) while every log
line the server writes is captured, formatted as in production, and searched (issue 18)."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from nuanxin.accounts.sms import OutboxSender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13712345678"
ID_NUMBER = "371702199001011235"


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """Every logger the server writes to, through the production handler's filters."""
    from pythonjsonlogger.json import JsonFormatter

    from nuanxin.ops.logs import RequestIdFilter, ScrubFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    fmt = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(fmt["fmt"], rename_fields=fmt["rename_fields"]))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(ScrubFilter())
    loggers = [logging.getLogger(name) for name in ("", "nuanxin", "django", "axes", "huey")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG if lg.name == "nuanxin" else logging.INFO)
    yield stream
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_a_riders_first_visit_leaves_no_phone_or_id_in_the_logs(
        live_server: Any, phone_page: Any, regions: Any, server_log: io.StringIO) -> None:
    OutboxSender.outbox.clear()
    page = phone_page
    page.goto(f"{live_server.url}/register/")
    page.fill("#id_phone", PHONE)
    page.click("button[value=send_code]")
    page.wait_for_selector("text=验证码已发送")
    code = re.search(r"验证码是(\d{6})", OutboxSender.outbox[-1][1]).group(1)  # type: ignore[union-attr]
    page.fill("#id_sms_code", code)
    page.fill("#id_password", "ride-safe-2026")
    page.fill("#id_display_name", "小董")
    page.select_option("#id_kind", "delivery_rider")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.fill("#id_real_name", "董晓")
    page.fill("#id_id_number", ID_NUMBER)
    page.wait_for_selector("#pick-county option[value='371702']", state="attached")
    page.select_option("#pick-county", "371702")
    page.wait_for_selector("#pick-township option[value='371702001']", state="attached")
    page.select_option("#pick-township", "371702001")
    page.wait_for_selector("#pick-village option[value='371702001006']", state="attached")
    page.select_option("#pick-village", "371702001006")
    page.click("button[value=register]")
    page.wait_for_load_state()
    page.wait_for_selector("text=注册成功")
    page.goto(f"{live_server.url}/me/")
    with page.expect_download():  # the data copy is a download
        page.evaluate(f"location.href = '/me/data.json?phone={PHONE}'")
    page.context.clear_cookies()  # signed out
    page.goto(f"{live_server.url}/login/?next=/me/")
    page.fill("input[name=username]", PHONE)
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    page.fill("input[name=username]", PHONE)
    page.fill("input[name=password]", "ride-safe-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    text = server_log.getvalue()
    assert text.count('"logger": "nuanxin.request"') >= 8  # the visit was logged ...
    assert PHONE not in text and ID_NUMBER not in text  # ... and nobody is in it
