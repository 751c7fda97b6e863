"""Pass-signing keys: ES256 (P-256) pairs that rotate, published as a JWKS.

Decision (docs/access.md): a private key is kept in the database only as Fernet ciphertext
made with the privacy app's field keys, which live outside the database (environment or
`var/*.key`). A copy of the database alone cannot forge passes; rotating the field keys
re-encrypts nothing here because MultiFernet still decrypts with the older keys.

Rotation: a new key is published `PUBLISH_AHEAD` before it signs anything, so a guard's
phone that synced in the meantime already holds it when it goes offline; the old key stays
published for `KEEP_AFTER` once its successor signs (tokens live 90 s, so that is ample).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from joserfc.jwk import ECKey, KeySet

from nuanxin.access.models import SigningKey
from nuanxin.kernel.crypto import decrypt, encrypt

ROTATE_AFTER = timedelta(days=getattr(settings, "ACCESS_KEY_ROTATE_DAYS", 30))
PUBLISH_AHEAD = timedelta(hours=getattr(settings, "ACCESS_KEY_PUBLISH_AHEAD_HOURS", 24))
KEEP_AFTER = timedelta(hours=24)


def _new_key(sign_from: datetime) -> SigningKey:
    key = ECKey.generate_key("P-256", private=True)
    kid = key.thumbprint()
    public = {k: v for k, v in key.as_dict(private=False).items() if k in ("kty", "crv", "x", "y")}
    return SigningKey.objects.create(
        kid=kid, private_cipher=encrypt(key.as_pem(private=True).decode()),
        public_jwk=public | {"kid": kid, "use": "sig", "alg": "ES256"}, sign_from=sign_from)


@cache
def _private(kid: str, cipher: str) -> ECKey:
    return ECKey.import_key(decrypt(cipher))


def signer(now: datetime | None = None) -> tuple[str, ECKey]:
    """(kid, private key) that signs now: the newest published key already due to sign.

    The first call on an empty table makes a key; two processes racing there may each make
    one, which is harmless (both are published, the newer signs).
    """
    now = now or timezone.now()
    row = (SigningKey.objects.filter(retired_at__isnull=True, sign_from__lte=now)
           .order_by("-sign_from", "-id").first())
    if row is None:
        row = _new_key(now)
    return row.kid, _private(row.kid, row.private_cipher)


def published(now: datetime | None = None) -> list[dict[str, Any]]:
    """Every public key a token may carry the kid of: signing, pending and just-replaced."""
    del now
    return [dict(k.public_jwk) for k in
            SigningKey.objects.filter(retired_at__isnull=True).order_by("-sign_from", "-id")]


def key_set() -> KeySet:
    return KeySet([ECKey.import_key(jwk) for jwk in published()])


def rotate_keys(*, now: datetime | None = None) -> dict[str, int]:
    """Make the next key when the signing one is old; retire keys long replaced.

    Idempotent (safe from cron and the in-process ticker); runs in one transaction.
    """
    now = now or timezone.now()
    made = retired = 0
    with transaction.atomic():
        live = list(SigningKey.objects.select_for_update().filter(retired_at__isnull=True)
                    .order_by("-sign_from", "-id"))
        signing = [k for k in live if k.sign_from <= now]
        pending = [k for k in live if k.sign_from > now]
        if not signing:
            _new_key(now)
            made += 1
        elif not pending and signing[0].sign_from <= now - ROTATE_AFTER:
            _new_key(now + PUBLISH_AHEAD)
            made += 1
        if signing:
            current = signing[0]
            for old in signing[1:]:
                if current.sign_from <= now - KEEP_AFTER:
                    old.retired_at = now
                    old.save(update_fields=["retired_at"])
                    retired += 1
    return {"made": made, "retired": retired}
