"""A reset code can't be guessed: each wrong try counts, and five burn the code, even
though the refusal itself rolls nothing back (found in review)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from nuanxin.accounts.services import reset_password, send_sms_code
from nuanxin.accounts.sms import OutboxSender
from nuanxin.kernel.errors import DomainError

pytestmark = pytest.mark.django_db


def test_five_wrong_reset_codes_burn_the_code(make_user: Any, regions: Any) -> None:
    make_user(phone="13912340000")
    OutboxSender.outbox.clear()
    send_sms_code(phone="13912340000", purpose="reset", address="10.0.0.1")
    code = re.search(r"验证码是(\d{6})", OutboxSender.outbox[-1][1]).group(1)  # type: ignore[union-attr]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(DomainError):
            reset_password(phone="13912340000", sms_code=wrong, password="new-pass-2026x")
    with pytest.raises(DomainError) as e:
        reset_password(phone="13912340000", sms_code=code, password="new-pass-2026x")
    assert e.value.message == "验证码错误或已过期"
