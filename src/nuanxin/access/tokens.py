"""The pass token: a compact JWS (ES256) that changes every minute.

Claims: `sub` pass number, `knd` worker kind, `plt` platform, `ph` photo hash (SHA-256 of
the stored photo, base64url), `pexp` when the pass itself expires, `iat` the start of the
current 60-second window and `exp` = iat + 60 + GRACE. Nothing else: no phone, no ID number,
no name. A token seen after `exp` is a replay (a photo or screenshot of an old code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError

from nuanxin.access import keys
from nuanxin.kernel.errors import DomainError

WINDOW_SECONDS = 60
GRACE_SECONDS = 30  # clock skew between the rider's and the guard's phones, and scan time
ISSUER = "nuanxin"


@dataclass(frozen=True)
class PassClaims:
    number: str
    kind: str
    platform: str
    photo_hash: str
    pass_expires: int


@dataclass(frozen=True)
class Minted:
    token: str
    issued_at: datetime
    expires_at: datetime
    refresh_at: datetime


class TokenRefused(DomainError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, field="token", code=code)


def mint(claims: PassClaims, *, now: datetime | None = None) -> Minted:
    now = now or timezone.now()
    start = int(now.timestamp()) // WINDOW_SECONDS * WINDOW_SECONDS
    kid, key = keys.signer(now)
    payload = {"iss": ISSUER, "sub": claims.number, "knd": claims.kind, "plt": claims.platform,
               "ph": claims.photo_hash, "pexp": claims.pass_expires, "iat": start,
               "exp": start + WINDOW_SECONDS + GRACE_SECONDS}
    token = jwt.encode({"alg": "ES256", "kid": kid, "typ": "JWT"}, payload, key,
                       algorithms=["ES256"])
    return Minted(token, _at(start), _at(start + WINDOW_SECONDS + GRACE_SECONDS),
                  _at(start + WINDOW_SECONDS))


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def verify(token: str, *, now: datetime | None = None) -> PassClaims:
    """Check signature, key and window; raise TokenRefused with a Chinese reason."""
    now = now or timezone.now()
    token = (token or "").strip()
    if token.count(".") != 2 or len(token) > 2000:
        raise TokenRefused("不是暖新骑手通行证二维码", "malformed")
    try:
        decoded = jwt.decode(token, keys.key_set(), algorithms=["ES256"])
    except InvalidKeyIdError:
        raise TokenRefused("签名密钥未知：伪造的二维码，或密钥已更换", "unknown_key") from None
    except JoseError:
        raise TokenRefused("签名无效：二维码是伪造或被改动的", "forged") from None
    except (ValueError, KeyError):
        raise TokenRefused("签名无效：二维码是伪造或被改动的", "forged") from None
    c = decoded.claims
    ts = now.timestamp()
    try:
        iat, exp, pexp = int(c["iat"]), int(c["exp"]), int(c["pexp"])
        sub = str(c["sub"])
    except (KeyError, TypeError, ValueError):
        raise TokenRefused("二维码内容不完整", "malformed") from None
    if c.get("iss") != ISSUER:
        raise TokenRefused("不是暖新签发的通行证", "forged")
    if ts > exp:
        raise TokenRefused("二维码已过期（超过1分钟），请骑手刷新后重新出示", "expired")
    if ts < iat - GRACE_SECONDS:
        raise TokenRefused("二维码时间异常，请核对手机时间", "not_yet")
    if ts > pexp:
        raise TokenRefused("通行证已过有效期", "pass_expired")
    return PassClaims(sub, str(c.get("knd", "")), str(c.get("plt", "")), str(c.get("ph", "")),
                      pexp)
