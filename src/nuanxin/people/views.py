"""The worker's self-registration page (works without JavaScript except region picking)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from nuanxin.accounts.selectors import roles_of
from nuanxin.accounts.services import SMS_SENT, send_sms_code
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.kernel.personal import facts
from nuanxin.people.forms import IdentityForm, ProfileForm, RegisterForm
from nuanxin.people.selectors import current_user
from nuanxin.people.services import (
    Registration,
    complete_identity,
    register_worker,
    update_profile,
)
from nuanxin.regions.selectors import roots


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    wait = 0
    if request.method == "POST" and request.POST.get("action") == "send_code":
        try:
            send_sms_code(phone=request.POST.get("phone", ""), purpose="register",
                          address=client_address(request))
            messages.info(request, f"{SMS_SENT}（5分钟内有效）")
            wait = settings.NUANXIN_SMS_RESEND_SECONDS
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
            wait = settings.NUANXIN_SMS_RESEND_SECONDS if e.code == "throttled" else 0
        form.errors.pop("sms_code", None)
        for name in ["password", "kind", "work_region"]:
            form.errors.pop(name, None)
    elif request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            data["work_region_code"] = data.pop("work_region")
            worker = register_worker(Registration(**data))
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            login(request, worker.user, backend="nuanxin.accounts.backends.PhonePasswordBackend")
            messages.success(request, "注册成功，欢迎加入暖新！")
            return redirect("/me/")
    return render(request, "nuanxin/register.html", {"form": form, "cities": roots(),
                                                     "wait": wait})


def _form_error(form: forms.Form, e: DomainError) -> None:
    form.add_error(e.field if e.field in form.fields else None, e.message)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """My page: my numbers (points, messages, sign-ups), my profile, and the real name and
    ID number a rider skipped at registration (needed to apply for insurance)."""
    user = current_user(request)
    worker = getattr(user, "worker", None)
    profile = ProfileForm(initial={"display_name": user.display_name,
                                   "kind": getattr(worker, "kind", ""),
                                   "platform": getattr(worker, "platform", "")})
    identity = IdentityForm()
    action = request.POST.get("action")
    if request.method == "POST" and action == "profile":
        profile = ProfileForm(request.POST)
        if profile.is_valid():
            d = profile.cleaned_data
            try:
                update_profile(user=user, display_name=d["display_name"],
                               kind=d["kind"] or None if worker else None,
                               platform=d["platform"] if worker else None)
            except DomainError as e:
                _form_error(profile, e)
            else:
                messages.success(request, "资料已保存")
                return redirect("/me/")
    elif request.method == "POST" and action == "identity" and worker is not None:
        identity = IdentityForm(request.POST)
        if identity.is_valid():
            try:
                complete_identity(worker=worker, **identity.cleaned_data)
            except DomainError as e:
                _form_error(identity, e)
            else:
                messages.success(request, "实名信息已提交，可以申请保险等权益了")
                return redirect("/me/")
    return render(request, "nuanxin/me.html", {
        "roles": roles_of(user),
        "worker": worker, "facts": facts(user), "profile": profile, "identity": identity,
        "open_identity": action == "identity",
    })
