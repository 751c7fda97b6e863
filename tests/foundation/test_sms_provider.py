"""The real SMS sender against a local fake of Alibaba Cloud's SendSms endpoint that checks
the request signature and the template parameters; sending goes through the queue and a
provider failure is retried (issue 18)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

import pytest

from nuanxin.accounts.sms_provider import AliyunSender, ProviderError, QueuedSender, sign
from nuanxin.ops.models import JobFailure

SECRET = "test-secret-不是真的"


class FakeAliyun(BaseHTTPRequestHandler):
    received: list[dict[str, str]] = []
    fail_next = 0

    def do_GET(self) -> None:
        params = dict(parse_qsl(urlparse(self.path).query))
        signature = params.pop("Signature", "")
        ok = signature == sign(params, SECRET) and params.get("Action") == "SendSms"
        if ok and FakeAliyun.fail_next:
            FakeAliyun.fail_next -= 1
            body = {"Code": "isp.SYSTEM_ERROR", "Message": "系统繁忙"}
        elif ok:
            FakeAliyun.received.append(params)
            body = {"Code": "OK", "Message": "OK", "BizId": "1"}
        else:
            body = {"Code": "SignatureDoesNotMatch", "Message": "签名不匹配"}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def provider(settings: Any) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAliyun)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeAliyun.received, FakeAliyun.fail_next = [], 0
    settings.NUANXIN_SMS_ALIYUN = {
        "access_key_id": "LTAItest", "access_key_secret": SECRET, "sign_name": "暖新",
        "template_code": "SMS_100001", "template_notice": "SMS_100002",
        "endpoint": f"http://127.0.0.1:{server.server_port}/",
    }
    settings.NUANXIN_SMS_PROVIDER = "nuanxin.accounts.sms_provider.AliyunSender"
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_a_code_goes_out_with_the_code_template_and_a_valid_signature(provider: str) -> None:
    AliyunSender().send("13812345678", "【暖新】您的验证码是482913，5分钟内有效。请勿告诉他人。")
    [request] = FakeAliyun.received
    assert request["PhoneNumbers"] == "13812345678" and request["SignName"] == "暖新"
    assert request["TemplateCode"] == "SMS_100001"
    assert json.loads(request["TemplateParam"]) == {"code": "482913"}


def test_a_notice_goes_out_with_the_notice_template(provider: str) -> None:
    AliyunSender().send("13812345678", "【暖新随手拍】SP001已办结：井盖已更换")
    assert json.loads(FakeAliyun.received[0]["TemplateParam"]) == {
        "content": "【暖新随手拍】SP001已办结：井盖已更换"}
    assert FakeAliyun.received[0]["TemplateCode"] == "SMS_100002"


def test_a_wrong_secret_is_refused_by_the_provider(provider: str, settings: Any) -> None:
    settings.NUANXIN_SMS_ALIYUN = {**settings.NUANXIN_SMS_ALIYUN, "access_key_secret": "wrong"}
    with pytest.raises(ProviderError) as e:
        AliyunSender().send("13812345678", "通知")
    assert "SignatureDoesNotMatch" in str(e.value)
    assert FakeAliyun.received == []


def test_missing_configuration_is_said_plainly(settings: Any) -> None:
    settings.NUANXIN_SMS_ALIYUN = {"access_key_id": "x"}
    with pytest.raises(ProviderError) as e:
        AliyunSender()
    assert "短信服务未配置" in str(e.value) and "sign_name" in str(e.value)


@pytest.mark.django_db
def test_the_queue_delivers_and_a_failure_is_recorded(provider: str) -> None:
    QueuedSender().send("13812345678", "【暖新】您的验证码是111222，5分钟内有效。")
    assert json.loads(FakeAliyun.received[-1]["TemplateParam"]) == {"code": "111222"}
    FakeAliyun.fail_next = 1
    QueuedSender().send("13812345678", "通知")
    failure = JobFailure.objects.get(task="deliver_sms")
    assert "isp.SYSTEM_ERROR" in failure.error and failure.retries_left == 5
    assert "13812345678" not in failure.error
