"""The person's own data pages: download a copy (JSON, xlsx), close the account."""

from __future__ import annotations

import json

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nuanxin.kernel.errors import DomainError
from nuanxin.ops import personal_data
from nuanxin.people.selectors import current_user


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(personal_data.export(current_user(request)), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
def my_data_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        personal_data.export_xlsx(current_user(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="my-data.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def close_account(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "注销":
            error = "请在确认框中输入“注销”两个字"
        else:
            try:
                personal_data.close_account(user=current_user(request),
                                            password=request.POST.get("password", ""))
            except DomainError as e:
                error = e.message
            else:
                logout(request)
                return redirect("/?closed=1")
    return render(request, "ops/close_account.html", {"error": error}, status=400 if error else 200)
