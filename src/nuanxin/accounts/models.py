"""Users sign in with a mainland mobile number, kept encrypted; roles are held for a region."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models

from nuanxin.accounts.phones import normalize_phone, phone_digest
from nuanxin.accounts.roles import Role
from nuanxin.kernel.errors import DomainError


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """Look a user up by the phone typed at login (hashed, never stored in clear)."""
        try:
            phone = normalize_phone(username or "")
        except DomainError:
            raise self.model.DoesNotExist from None
        return self.get(phone_digest=phone_digest(phone))

    def create_user(self, phone: str, password: str | None = None, **extra: Any) -> User:
        from nuanxin.accounts.services import create_user

        return create_user(phone=phone, password=password, **extra)

    def create_superuser(self, phone: str, password: str | None = None, **extra: Any) -> User:
        from nuanxin.accounts.services import create_user

        return create_user(phone=phone, password=password, is_staff=True, is_superuser=True,
                           **extra)


class User(AbstractBaseUser, PermissionsMixin):
    phone_digest = models.CharField("手机号摘要", max_length=64, unique=True)
    phone_cipher = models.TextField("手机号(加密)")
    phone_masked = models.CharField("手机号", max_length=11)
    # The last four digits, indexed: staff find a person by "尾号 1234" without decrypting.
    phone_last4 = models.CharField("手机尾号", max_length=4, db_index=True, default="",
                                   editable=False)
    display_name = models.CharField("姓名/昵称", max_length=50, blank=True)
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField("可登录后台", default=False)
    date_joined = models.DateTimeField("注册时间", auto_now_add=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "phone_digest"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return f"{self.display_name or '用户'} {self.phone_masked}"

    def get_short_name(self) -> str:
        """What the admin header greets: a name or the masked phone, never the digest."""
        return self.display_name or self.phone_masked

    def get_full_name(self) -> str:
        return self.get_short_name()


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="roles")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    region = models.ForeignKey("regions.Region", verbose_name="所辖区划",
                               on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(User, verbose_name="授予人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="role_once_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.region.name}"


class ApiToken(models.Model):
    """A bearer token for apps: only its SHA-256 is stored; it expires and can be revoked."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="tokens")
    key_digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    name = models.CharField("设备", max_length=60, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "访问令牌"
        verbose_name_plural = "访问令牌"

    def __str__(self) -> str:
        return f"{self.prefix}…"


class SmsCode(models.Model):
    """A one-time code sent to a phone; only its digest is kept."""

    class Purpose(models.TextChoices):
        LOGIN = "login", "登录"
        REGISTER = "register", "注册"
        RESET = "reset", "找回密码"

    phone_digest = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"
        indexes = [models.Index(fields=["phone_digest", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}验证码 {self.created_at:%Y-%m-%d %H:%M}"
