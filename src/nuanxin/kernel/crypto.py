"""Field encryption (Fernet, keys outside the database) and HMAC look-up digests.

The first key in FIELD_ENCRYPTION_KEYS encrypts; all of them decrypt, so keys rotate.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def lookup_digest(value: str, *, purpose: str) -> str:
    """Keyed digest of a normalised value, for exact-match search without the plaintext."""
    key = f"{settings.FIELD_HMAC_KEY}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
