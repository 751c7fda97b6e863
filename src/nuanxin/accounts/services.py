"""Writes for accounts: users, roles, bearer tokens and one-time SMS codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from nuanxin.accounts.models import ApiToken, RoleAssignment, SmsCode, User
from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.phones import normalize_phone, phone_digest
from nuanxin.accounts.roles import GRANTING_ROLES, ROLE_LEVELS, STAFF_ROLES, Role
from nuanxin.accounts.sms import get_sender
from nuanxin.kernel.crypto import decrypt, encrypt
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.kernel.masking import mask_phone
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region


def check_password_strength(password: str, *, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise DomainError("密码不符合要求：" + "；".join(e.messages), field="password") from None


def create_user(
    *, phone: str, password: str | None, display_name: str = "", is_staff: bool = False,
    is_superuser: bool = False, check_strength: bool = True,
) -> User:
    """Create a user keyed by an encrypted phone; a taken phone is a 409 naming the field."""
    number = normalize_phone(phone)
    digest = phone_digest(number)
    if User.objects.filter(phone_digest=digest).exists():
        raise Conflict("该手机号已注册", field="phone")
    user = User(
        phone_digest=digest, phone_cipher=encrypt(number), phone_masked=mask_phone(number),
        display_name=display_name.strip()[:50], is_staff=is_staff, is_superuser=is_superuser,
    )
    if password:
        if check_strength:
            check_password_strength(password, user=user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Conflict("该手机号已注册", field="phone") from None
    return user


def find_user_by_phone(phone: str) -> User | None:
    return User.objects.filter(phone_digest=phone_digest(normalize_phone(phone))).first()


def assign_role(
    *, user: User, role: str, region_code: str, granted_by: User | None = None
) -> RoleAssignment:
    """Give `user` a role for a region; the level must suit the role.

    `granted_by` (None only for system jobs: the demo, registration's worker role) must
    reach the region through a granting role, and nobody grants a role to themselves.
    """
    if role not in Role.values:
        raise DomainError(f"角色“{role}”不存在", field="role")
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise DomainError(f"区划代码“{region_code}”不存在", field="region")
    if granted_by is not None:
        if granted_by.pk == user.pk and not granted_by.is_superuser:
            raise PermissionDenied("不能给自己授予角色", field="user")
        if not region_scope(granted_by, roles=GRANTING_ROLES).covers(region):
            raise PermissionDenied(f"“{region.name}”不在您的辖区内，不能在此授予角色",
                                   field="region")
    allowed = ROLE_LEVELS[role]
    if region.level not in allowed:
        names = "、".join(Level(level).label for level in sorted(allowed))
        raise DomainError(
            f"{Role(role).label}只能授予{names}级区划，“{region.name}”是{Level(region.level).label}",
            field="region",
        )
    with transaction.atomic():
        assignment, _ = RoleAssignment.objects.get_or_create(
            user=user, role=role, region=region, defaults={"granted_by": granted_by}
        )
        if role in STAFF_ROLES and not user.is_staff:
            User.objects.filter(pk=user.pk).update(is_staff=True)
            user.is_staff = True
    user.__dict__.pop("_role_cache", None)
    return assignment


def revoke_role(*, assignment_id: int, revoked_by: User) -> None:
    """Take a role back; the revoker must reach its region and may not revoke their own."""
    assignment = RoleAssignment.objects.select_related("region").filter(pk=assignment_id).first()
    if assignment is None:
        raise DomainError("该角色授予记录不存在", field="assignment")
    if assignment.user_id == revoked_by.pk and not revoked_by.is_superuser:
        raise PermissionDenied("不能撤销自己的角色", field="user")
    if not region_scope(revoked_by, roles=GRANTING_ROLES).covers(assignment.region):
        raise PermissionDenied(f"“{assignment.region.name}”不在您的辖区内，不能撤销该角色",
                               field="region")
    assignment.delete()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a bearer token; the plain key is returned once and never stored."""
    key = "nx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, key_digest=_digest(key), prefix=key[:8], name=name[:60],
        expires_at=timezone.now() + timedelta(days=settings.NUANXIN_TOKEN_TTL_DAYS),
    )
    return token, key


def user_for_token(key: str) -> User | None:
    """The active user behind a live token, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=_digest(key), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user._api_token_id = token.pk  # type: ignore[attr-defined]
    return token.user


def revoke_token(*, key: str) -> bool:
    return bool(
        ApiToken.objects.filter(key_digest=_digest(key), revoked_at__isnull=True).update(
            revoked_at=timezone.now())
    )


def _code_digest(phone_digest_value: str, code: str) -> str:
    key = settings.FIELD_HMAC_KEY.encode()
    return hmac.new(key, f"{phone_digest_value}:{code}".encode(), hashlib.sha256).hexdigest()


def send_sms_code(*, phone: str, purpose: str) -> None:
    """Send a 6-digit code; at most one a minute and a few a day per phone."""
    if purpose not in SmsCode.Purpose.values:
        raise DomainError("验证码用途不正确", field="purpose")
    number = normalize_phone(phone)
    digest = phone_digest(number)
    exists = User.objects.filter(phone_digest=digest).exists()
    if purpose == SmsCode.Purpose.REGISTER and exists:
        raise Conflict("该手机号已注册，请直接登录", field="phone")
    if purpose == SmsCode.Purpose.LOGIN and not exists:
        raise DomainError("该手机号尚未注册", field="phone")
    now = timezone.now()
    recent = SmsCode.objects.filter(phone_digest=digest, created_at__gt=now - timedelta(days=1))
    if recent.filter(
        created_at__gt=now - timedelta(seconds=settings.NUANXIN_SMS_RESEND_SECONDS)
    ).exists():
        raise DomainError("验证码发送太频繁，请稍后再试", field="phone", code="throttled")
    if recent.count() >= settings.NUANXIN_SMS_DAILY_LIMIT:
        raise DomainError("今日验证码次数已用完，请明天再试", field="phone", code="throttled")
    code = f"{secrets.randbelow(1_000_000):06d}"
    SmsCode.objects.create(
        phone_digest=digest, purpose=purpose, code_digest=_code_digest(digest, code),
        expires_at=now + timedelta(seconds=settings.NUANXIN_SMS_CODE_TTL_SECONDS),
    )
    minutes = settings.NUANXIN_SMS_CODE_TTL_SECONDS // 60
    get_sender().send(number, f"【暖新】您的验证码是{code}，{minutes}分钟内有效。请勿告诉他人。")


def consume_sms_code(*, phone: str, code: str, purpose: str) -> bool:
    """True once for a right, live code; five wrong tries burn it. Conditional UPDATE, no race."""
    try:
        number = normalize_phone(phone)
    except DomainError:
        return False
    digest = phone_digest(number)
    now = timezone.now()
    latest = (
        SmsCode.objects.filter(phone_digest=digest, purpose=purpose, used_at__isnull=True,
                               expires_at__gt=now, attempts__lt=5)
        .order_by("-created_at").first()
    )
    if latest is None:
        return False
    if not hmac.compare_digest(latest.code_digest, _code_digest(digest, (code or "").strip())):
        SmsCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
        return False
    return bool(SmsCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=now))


def send_sms_to(user: User, text: str) -> None:
    """Text a user at their registered number (decrypted only to hand to the sender)."""
    get_sender().send(decrypt(user.phone_cipher), text)


def send_sms(*, phone: str, text: str) -> None:
    """Text a number that belongs to no account (a resident recorded by staff at a stall)."""
    get_sender().send(phone, text)
