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

from nuanxin.accounts.limits import take_sms_slot
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

_END_MARKS = "。．.！!；;，,"


def one_sentence(parts: list[str]) -> str:
    """Django's messages end in "。": joined with "；" they would read "…了。；…"."""
    return "；".join(p.strip().rstrip(_END_MARKS) for p in parts if p.strip())


def check_password_strength(password: str, *, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise DomainError("密码不符合要求：" + one_sentence(list(e.messages)),
                          field="password") from None


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
        phone_last4=number[-4:], display_name=display_name.strip()[:50], is_staff=is_staff, is_superuser=is_superuser,
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


SMS_SENT = "如该手机号可以使用，验证码已发送，请查收短信"


def send_sms_code(*, phone: str, purpose: str, address: str = "") -> None:
    """Send a 6-digit code, or a notice: the caller always gets the same neutral answer.

    Limits (`accounts.limits`): one a minute and ten a day per phone, a few an hour per
    network address, and a ceiling for the whole service; over any of them a 429. Whether
    the phone is registered changes only what the SMS says (or that none goes out), never
    the answer, so the endpoint cannot be used to find out who is registered.
    """
    if purpose not in SmsCode.Purpose.values:
        raise DomainError("验证码用途不正确", field="purpose")
    number = normalize_phone(phone)
    digest = phone_digest(number)
    take_sms_slot(phone_digest=digest, address=address)
    exists = User.objects.filter(phone_digest=digest).exists()
    if purpose == SmsCode.Purpose.LOGIN and not exists:
        return  # nobody to log in: send nothing (costs nothing), say the same
    if purpose == SmsCode.Purpose.REGISTER and exists:
        get_sender().send(number, "【暖新】该手机号已注册暖新，请直接登录。如非本人操作，请忽略。")
        return
    now = timezone.now()
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


def reset_password(*, phone: str, sms_code: str, password: str) -> User:
    """A forgotten password replaced after a reset code sent to the phone (the code's
    limits are send_sms_code's). A weak password is refused before the code is spent; the
    code is checked outside any transaction, so a wrong guess always counts towards the
    five that burn it. Then the user row is locked (select_for_update) for the change."""
    number = normalize_phone(phone)
    user = User.objects.filter(phone_digest=phone_digest(number), is_active=True).first()
    check_password_strength(password, user=user)
    if user is None or not consume_sms_code(phone=number, code=sms_code,
                                            purpose=SmsCode.Purpose.RESET):
        # The same answer whether or not the phone is registered.
        raise DomainError("验证码错误或已过期", field="sms_code")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.save(update_fields=["password"])
    return locked


def update_display_name(*, user: User, display_name: str) -> User:
    """The name the user is greeted with; blank is allowed (the masked phone shows)."""
    name = display_name.strip()
    if len(name) > 50:
        raise DomainError("称呼最多50个字", field="display_name")
    User.objects.filter(pk=user.pk).update(display_name=name)
    user.display_name = name
    return user


def send_sms(*, phone: str, text: str) -> None:
    """Text a number that belongs to no account (a resident recorded by staff at a stall)."""
    get_sender().send(phone, text)
