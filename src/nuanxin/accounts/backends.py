"""Authentication backends: phone + password, and phone + one-time SMS code."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from nuanxin.accounts.models import SmsCode, User
from nuanxin.accounts.services import consume_sms_code, find_user_by_phone
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address


class AddressLockout:
    """Second line after axes (phone + address): too many failures from one address across
    all accounts — credential spraying — lock that address for the same cool-off.

    Counts axes' own failure records, so nothing else is stored; set NUANXIN_LOGIN_FAILURES_
    PER_ADDRESS well above one person's typos, since riders share a station's network.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is None:
            return None
        address = getattr(request, "axes_ip_address", None) or client_address(request)
        since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
        failures = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=since,
        ).aggregate(n=Sum("failures_since_start"))["n"] or 0
        if failures >= settings.NUANXIN_LOGIN_FAILURES_PER_ADDRESS:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return None


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
