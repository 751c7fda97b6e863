"""One JSON line per request with a request id; no phone or ID number in any log line."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from nuanxin.ops.logs import scrub

pytestmark = pytest.mark.django_db


def test_scrub_masks_phones_and_id_numbers() -> None:
    text = "用户13812345678提交，身份证371702199001011237，订单号20261202123456789012"
    clean = scrub(text)
    assert "13812345678" not in clean and "138****5678" in clean
    assert "371702199001011237" not in clean and "371702********1237" in clean


def test_each_request_logs_one_line_with_its_id(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="nuanxin.request"):
        r = Client().get("/healthz?phone=13812345678", HTTP_X_REQUEST_ID="req-12345678")
    assert r["X-Request-ID"] == "req-12345678"
    lines = [rec for rec in caplog.records if rec.name == "nuanxin.request"]
    assert len(lines) == 1
    assert lines[0].getMessage() == "GET /healthz 200"  # never the query string


def test_a_made_up_request_id_is_replaced() -> None:
    r = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert r["X-Request-ID"] != "bad id\nwith newline" and len(r["X-Request-ID"]) == 32


def test_the_json_formatter_writes_one_object_per_line() -> None:
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    from nuanxin.ops.logs import RequestIdFilter, ScrubFilter

    config: dict[str, Any] = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["fmt"], rename_fields=config["rename_fields"])
    record = logging.LogRecord("nuanxin.x", logging.INFO, __file__, 1,
                               "注册 %s", ("13812345678",), None)
    RequestIdFilter().filter(record)
    ScrubFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "注册 138****5678"
    assert line["level"] == "INFO" and line["logger"] == "nuanxin.x" and "request_id" in line
