"""Sign-in pages beyond the password form: by SMS code, and a password reset by SMS."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from nuanxin.accounts.forms import PasswordResetForm, SmsLoginForm
from nuanxin.accounts.lockout import LOCKED_MESSAGE
from nuanxin.accounts.models import SmsCode
from nuanxin.accounts.services import reset_password, send_sms_code
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if ok else "/"


def _send(request: HttpRequest, form: SmsLoginForm | PasswordResetForm, purpose: str) -> int:
    """Send the code; the seconds until another may be asked for (the button counts down)."""
    try:
        send_sms_code(phone=request.POST.get("phone", ""), purpose=purpose,
                      address=client_address(request))
    except DomainError as e:
        form.add_error("phone" if e.field == "phone" else None, e.message)
        return settings.NUANXIN_SMS_RESEND_SECONDS if e.code == "throttled" else 0
    messages.info(request, f"验证码已发送，{settings.NUANXIN_SMS_CODE_TTL_SECONDS // 60}分钟内有效")
    return settings.NUANXIN_SMS_RESEND_SECONDS


def _quiet(form: SmsLoginForm | PasswordResetForm) -> None:
    """Asking for a code is not submitting: only the phone's errors show."""
    for name in list(form.errors):
        if name != "phone":
            form.errors.pop(name)


def sms_login(request: HttpRequest) -> HttpResponse:
    form = SmsLoginForm(request.POST or None)
    wait = 0
    if request.method == "POST" and request.POST.get("action") == "send_code":
        _quiet(form)
        wait = _send(request, form, SmsCode.Purpose.LOGIN)
    elif request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["phone"],
                            sms_code=form.cleaned_data["sms_code"])
        if getattr(request, "axes_locked_out", False):
            form.add_error(None, LOCKED_MESSAGE)
        elif user is None:
            form.add_error("sms_code", "验证码错误或已过期")
        else:
            login(request, user, backend="nuanxin.accounts.backends.SmsCodeBackend")
            return redirect(_next(request))
    return render(request, "nuanxin/login_sms.html", {"form": form, "wait": wait,
                                                      "next": _next(request)})


def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetForm(request.POST or None)
    wait = 0
    if request.method == "POST" and request.POST.get("action") == "send_code":
        _quiet(form)
        wait = _send(request, form, SmsCode.Purpose.RESET)
    elif request.method == "POST" and form.is_valid():
        try:
            reset_password(**form.cleaned_data)
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, "密码已重设，请用新密码登录")
            return redirect("/login/")
    return render(request, "nuanxin/password_reset.html", {"form": form, "wait": wait})
