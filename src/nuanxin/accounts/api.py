"""Sign-in for apps: bearer tokens from phone + password or phone + SMS code."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Schema

from nuanxin.accounts import selectors, services
from nuanxin.accounts.lockout import LOCKED_MESSAGE
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.people.selectors import current_user

router = Router(tags=["账号"])


class TokenIn(Schema):
    phone: str
    password: str | None = None
    sms_code: str | None = None
    device: str = ""


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires_at: datetime


class SmsIn(Schema):
    phone: str
    purpose: str = "login"


class RoleOut(Schema):
    role: str
    role_label: str
    region_code: str
    region_name: str


class MeOut(Schema):
    id: int
    display_name: str
    phone: str
    roles: list[RoleOut]
    worker_kind: str | None


class Message(Schema):
    detail: str


@router.post("/auth/token", response={200: TokenOut}, auth=None, summary="获取访问令牌")
def obtain_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    if not payload.password and not payload.sms_code:
        raise DomainError("请填写密码或短信验证码", field="password")
    credentials: dict[str, str] = {"username": payload.phone}
    if payload.password:
        credentials["password"] = payload.password
    else:
        credentials["sms_code"] = payload.sms_code or ""
    user = authenticate(request, **credentials)
    if getattr(request, "axes_locked_out", False):
        raise DomainError(LOCKED_MESSAGE, field="phone", code="locked")
    if user is None:
        field = "password" if payload.password else "sms_code"
        raise DomainError("手机号或密码错误" if payload.password else "验证码错误或已过期",
                          field=field, code="bad_credentials")
    token, key = services.issue_token(user=user, name=payload.device)
    return TokenOut(token=key, expires_at=token.expires_at)


@router.delete("/auth/token", response={200: Message}, summary="吊销当前令牌")
def revoke_token(request: HttpRequest) -> Message:
    key = getattr(request, "auth_token", None)
    if key is None:
        raise DomainError("当前请求未使用令牌", field="Authorization")
    services.revoke_token(key=key)
    return Message(detail="令牌已吊销")


@router.post("/auth/sms", response={200: Message}, auth=None, summary="发送短信验证码")
def send_sms(request: HttpRequest, payload: SmsIn) -> Message:
    services.send_sms_code(phone=payload.phone, purpose=payload.purpose,
                           address=client_address(request))
    return Message(detail=services.SMS_SENT)


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> MeOut:
    user = current_user(request)
    return MeOut(
        id=user.pk, display_name=user.display_name, phone=user.phone_masked,
        roles=[RoleOut(role=r.role, role_label=r.get_role_display(), region_code=r.region.code,
                       region_name=r.region.name) for r in selectors.roles_of(user)],
        worker_kind=getattr(getattr(user, "worker", None), "kind", None),
    )
