from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nuanxin.accounts.selectors import roles_of
from nuanxin.people.selectors import current_user


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(request, "nuanxin/me.html", {
        "roles": roles_of(user),
        "worker": getattr(user, "worker", None),
    })
