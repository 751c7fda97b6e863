"""Helpers for server-rendered pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase

from nuanxin.kernel.errors import DomainError


def act_and_redirect(request: HttpRequest, action: Callable[[], object], *, done: str,
                     back: str) -> HttpResponse:
    """Run a POSTed action; its Chinese refusal or `done` becomes the page message (PRG)."""
    try:
        action()
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back)


def refusals_as_pages(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A page view's Chinese refusal shown as a page with its status (404, 403, 409, 400)."""
    from functools import wraps

    from django.shortcuts import render

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except DomainError as e:
            return render(request, "nuanxin/refused.html", {"error": e}, status=e.status_code)

    return wrapped
