"""The worker's self-registration page (works without JavaScript except region picking)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from nuanxin.accounts.services import SMS_SENT, send_sms_code
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.people.forms import RegisterForm
from nuanxin.people.services import Registration, register_worker
from nuanxin.regions.selectors import roots


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "send_code":
        try:
            send_sms_code(phone=request.POST.get("phone", ""), purpose="register",
                          address=client_address(request))
            messages.info(request, f"{SMS_SENT}（5分钟内有效）")
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
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
    return render(request, "nuanxin/register.html", {"form": form, "cities": roots()})
