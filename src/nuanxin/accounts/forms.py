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
