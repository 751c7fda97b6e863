"""Authentication backends: phone + password, and phone + one-time SMS code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from nuanxin.accounts.models import SmsCode, User
from nuanxin.accounts.services import consume_sms_code, find_user_by_phone
from nuanxin.kernel.errors import DomainError


class PhonePasswordBackend(ModelBackend):
    """ModelBackend whose `username` is the phone as typed; the manager hashes it."""


class SmsCodeBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None,
        sms_code: str | None = None, **kwargs: Any,
    ) -> User | None:
        if not username or not sms_code:
            return None
        try:
            user = find_user_by_phone(username)
        except DomainError:
            return None
        if user is None or not self.user_can_authenticate(user):
            return None
        if not consume_sms_code(phone=username, code=sms_code, purpose=SmsCode.Purpose.LOGIN):
            return None
        return user
