"""In Chromium at 360 px: a rider registers with an SMS code, picking where they work."""

from __future__ import annotations

import re
from typing import Any

import pytest

from nuanxin.accounts.sms import OutboxSender
from nuanxin.people.models import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rider_registers_on_a_phone(live_server: Any, phone_page: Any, regions: Any) -> None:
    OutboxSender.outbox.clear()
    page = phone_page
    page.goto(f"{live_server.url}/register/")
    page.fill("#id_phone", "13712345678")
    page.click("button[value=send_code]")
    page.wait_for_selector("text=验证码已发送")
    code = re.search(r"验证码是(\d{6})", OutboxSender.outbox[-1][1]).group(1)  # type: ignore[union-attr]
    page.fill("#id_sms_code", code)
    page.fill("#id_password", "ride-safe-2026")
    page.fill("#id_display_name", "小董")
    page.select_option("#id_kind", "delivery_rider")
    page.fill("#id_platform", "美团外卖")
    page.wait_for_selector("#pick-county option[value='371702']", state="attached")
    page.select_option("#pick-county", "371702")
    page.wait_for_selector("#pick-township option[value='371702001']", state="attached")
    page.select_option("#pick-township", "371702001")
    page.wait_for_selector("#pick-village option[value='371702001006']", state="attached")
    page.select_option("#pick-village", "371702001006")
    assert page.input_value("#work_region") == "371702001006"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    page.click("button[value=register]")
    page.wait_for_selector("text=注册成功")
    body = page.inner_text("main")
    assert "双河社区居委会" in body and "137****5678" in body
    worker = Worker.objects.select_related("work_region").get()
    assert (worker.kind, worker.platform, worker.work_region.code) == (
        "delivery_rider", "美团外卖", "371702001006")
