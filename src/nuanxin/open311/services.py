"""Open311 writes: issue API keys, accept a POSTed request into the reports pipeline."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction

from nuanxin.accounts.models import User
from nuanxin.kernel.ratelimit import hit
from nuanxin.open311.errors import Open311Error
from nuanxin.open311.models import ApiClient, RequestToken
from nuanxin.reports.models import Report
from nuanxin.reports.services import Submission, submit_report

PER_KEY_PER_HOUR = 300


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(*, name: str, account: User) -> tuple[ApiClient, str]:
    """A new key; only its digest is kept, the plain key is shown once."""
    key = secrets.token_urlsafe(24)
    client = ApiClient.objects.create(name=name, key_digest=_digest(key), prefix=key[:8],
                                      account=account)
    return client, key


def client_for_key(key: str) -> ApiClient:
    client = (ApiClient.objects.select_related("account")
              .filter(key_digest=_digest(key or ""), active=True).first())
    if client is None:
        raise Open311Error(403, "api_key is invalid or has been revoked (API 密钥无效或已停用)")
    return client


@dataclass
class PostedRequest:
    service_code: str
    lat: float | None
    long: float | None
    address_string: str
    description: str
    anonymous: bool


def create_request(client: ApiClient, req: PostedRequest, client_ip: str) -> tuple[Report, str]:
    if hit(f"open311:{client.pk}", PER_KEY_PER_HOUR, 3600):
        raise Open311Error(429, "too many requests for this api_key (提交太频繁)")
    sub = Submission(category_code=req.service_code, description=req.description, photos=[],
                     lng=req.long, lat=req.lat, address=req.address_string,
                     anonymous=req.anonymous, require_photo=False, rate_limited=False)
    with transaction.atomic():
        report, _ = submit_report(reporter=client.account, sub=sub, client_ip=client_ip)
        token = RequestToken.objects.create(token=secrets.token_hex(12), report=report,
                                            client=client)
    return report, token.token
