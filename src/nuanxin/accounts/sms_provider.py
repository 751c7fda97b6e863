"""A real SMS provider and the queue in front of it.

`AliyunSender` calls Alibaba Cloud SMS (dysmsapi `SendSms`, RPC style) through its signed
HTTP API: the canonical query string signed with HMAC-SHA1 and the AccessKey secret, as
the provider documents. Templates are the provider's: a one-time code goes out with the
code template (`{"code": "123456"}`), everything else with the notice template
(`{"content": "..."}`). `QueuedSender` is what the app calls in production
(`NUANXIN_SMS_SENDER`): it puts the message on the job queue with the number encrypted,
and the job (`deliver_sms`) decrypts it and calls the provider, retried with backoff when
the provider fails. The console sender stays for the demo only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import uuid
from datetime import UTC, datetime
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

from django.conf import settings

from nuanxin.kernel.crypto import encrypt

CODE_TEXT = re.compile(r"验证码是(\d{4,8})")


class ProviderError(RuntimeError):
    """The provider refused or failed; the job retries."""


def _percent(value: str) -> str:
    return quote(value, safe="~")


def sign(params: dict[str, str], secret: str, method: str = "GET") -> str:
    """Alibaba Cloud RPC signature (SignatureVersion 1.0, HMAC-SHA1)."""
    canonical = "&".join(f"{_percent(k)}={_percent(params[k])}" for k in sorted(params))
    to_sign = f"{method}&{_percent('/')}&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSender:
    """Settings: NUANXIN_SMS_ALIYUN = {access_key_id, access_key_secret, sign_name,
    template_code, template_notice, endpoint (default https://dysmsapi.aliyuncs.com/)}."""

    def __init__(self) -> None:
        conf: dict[str, str] = dict(settings.NUANXIN_SMS_ALIYUN)
        missing = [k for k in ("access_key_id", "access_key_secret", "sign_name",
                               "template_code", "template_notice") if not conf.get(k)]
        if missing:
            raise ProviderError(f"短信服务未配置：缺少 {', '.join(missing)}")
        self.conf = conf

    def template_for(self, text: str) -> tuple[str, dict[str, str]]:
        match = CODE_TEXT.search(text)
        if match:
            return self.conf["template_code"], {"code": match.group(1)}
        return self.conf["template_notice"], {"content": text[:70]}

    def send(self, phone: str, text: str) -> None:
        template, template_params = self.template_for(text)
        params = {
            "AccessKeyId": self.conf["access_key_id"], "Action": "SendSms", "Format": "JSON",
            "PhoneNumbers": phone, "RegionId": "cn-hangzhou",
            "SignName": self.conf["sign_name"], "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex, "SignatureVersion": "1.0",
            "TemplateCode": template,
            "TemplateParam": json.dumps(template_params, ensure_ascii=False),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = sign(params, self.conf["access_key_secret"])
        url = self.conf.get("endpoint") or "https://dysmsapi.aliyuncs.com/"
        try:
            with urlopen(Request(f"{url}?{urlencode(params)}", method="GET"),
                         timeout=10) as response:
                body = json.loads(response.read().decode() or "{}")
        except OSError as e:
            raise ProviderError(f"短信服务不可达：{type(e).__name__}") from e
        if body.get("Code") != "OK":
            raise ProviderError(f"短信服务拒绝：{body.get('Code')} {body.get('Message', '')}")


class QueuedSender:
    """Production's sender: the message waits on the queue (number encrypted) and is
    delivered by the worker with retries; a request never waits for the provider."""

    def send(self, phone: str, text: str) -> None:
        from nuanxin.accounts.tasks import deliver_sms

        deliver_sms(encrypt(phone), text)
