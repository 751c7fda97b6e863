"""The phone + password login form used by the pages and the admin."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

_ERRORS = {
    "invalid_login": "手机号或密码错误，请重试（连续失败5次将锁定15分钟）",
    "inactive": "该账号已停用",
}


class PhoneLoginForm(AuthenticationForm):
    username = forms.CharField(label="手机号", max_length=20,
                               widget=forms.TextInput(attrs={"autocomplete": "tel",
                                                             "inputmode": "tel",
                                                             "autofocus": True}))
    password = forms.CharField(label="密码", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = _ERRORS  # type: ignore[assignment]


class AdminPhoneLoginForm(AdminAuthenticationForm):
    username = PhoneLoginForm.base_fields["username"]
    password = PhoneLoginForm.base_fields["password"]
    error_messages = {**_ERRORS, "invalid_login": "手机号或密码错误；后台仅限工作人员登录"}


def _phone() -> forms.CharField:
    return forms.CharField(label="手机号", max_length=20, widget=forms.TextInput(
        attrs={"inputmode": "tel", "autocomplete": "tel"}))


def _code() -> forms.CharField:
    return forms.CharField(label="短信验证码", max_length=6, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class SmsLoginForm(forms.Form):
    phone = _phone()
    sms_code = _code()


class PasswordResetForm(forms.Form):
    phone = _phone()
    sms_code = _code()
    password = forms.CharField(label="新密码（至少8位，不能全为数字）", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
