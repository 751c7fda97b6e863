"""Mainland mobile numbers: validate and normalise to 11 digits."""

from __future__ import annotations

import phonenumbers

from nuanxin.kernel.crypto import lookup_digest
from nuanxin.kernel.errors import DomainError


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """'+86 138-1234-1234' -> '13812341234'; raise a Chinese error if not a mainland mobile."""
    text = (raw or "").strip()
    if not text:
        raise DomainError("请填写手机号", field=field)
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise DomainError(f"手机号“{text}”格式不正确", field=field) from None
    national = str(number.national_number)
    if (
        number.country_code != 86
        or len(national) != 11
        or not national.startswith("1")
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in (
            phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    ):
        raise DomainError(f"“{text}”不是有效的中国大陆手机号", field=field)
    return national


def phone_digest(phone: str) -> str:
    return lookup_digest(phone, purpose="phone")
