from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nuanxin.accounts.selectors import roles_of


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "nuanxin/me.html", {
        "roles": roles_of(user),  # type: ignore[arg-type]
        "worker": getattr(user, "worker", None),
    })
