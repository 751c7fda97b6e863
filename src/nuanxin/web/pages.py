"""Helpers for server-rendered pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

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
