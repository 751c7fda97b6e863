"""A resident's optional name and phone: normalised, encrypted, masked for lists."""

from __future__ import annotations

from nuanxin.accounts.phones import normalize_phone
from nuanxin.kernel.crypto import encrypt
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.masking import mask_name, mask_phone


def sealed_name(name: str, *, field: str) -> tuple[str, str]:
    """(cipher, masked) for an optional name; ("", "") when none was given."""
    name = (name or "").strip()
    if not name:
        return "", ""
    if len(name) > 40:
        raise DomainError("姓名不能超过40个字", field=field)
    return encrypt(name), mask_name(name)


def sealed_phone(raw: str, *, field: str) -> tuple[str, str, str]:
    """(plain, cipher, masked) for an optional mobile number; blanks when none was given."""
    raw = (raw or "").strip()
    if not raw:
        return "", "", ""
    phone = normalize_phone(raw, field=field)
    return phone, encrypt(phone), mask_phone(phone)
