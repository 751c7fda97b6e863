"""The inbox page: newest first; opening a message marks it read and follows its link."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from nuanxin.notifications import selectors, services
from nuanxin.notifications.models import Notification
from nuanxin.people.selectors import current_user


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    items = list(selectors.inbox(user)[:100])
    return render(request, "notifications/inbox.html", {
        "items": items, "unread": selectors.unread_count(user)})


@login_required
@require_POST
def open_message(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    note = get_object_or_404(Notification, pk=pk, user=user)
    services.mark_read(user, note.pk)
    url = note.url if note.url.startswith("/") and not note.url.startswith("//") else "/inbox/"
    return HttpResponseRedirect(url)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(current_user(request))
    return HttpResponseRedirect("/inbox/")
