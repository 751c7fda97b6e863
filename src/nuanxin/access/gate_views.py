"""The guard's phone page (scan, verify in the browser, log), its service worker, the
rider's photo for a scanned pass, and the public JWKS."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string

from nuanxin.access import keys, selectors
from nuanxin.accounts.models import User
from nuanxin.kernel.errors import DomainError


def jwks(request: HttpRequest) -> JsonResponse:
    """Public keys that verify pass tokens, for any standard JOSE library."""
    resp = JsonResponse({"keys": keys.published()})
    resp["Cache-Control"] = "public, max-age=300"
    resp["Access-Control-Allow-Origin"] = "*"
    return resp


@login_required
def gate(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        community = selectors.guard_community(request.user)
    except DomainError as e:
        return render(request, "access/refused_role.html", {"message": e.message}, status=403)
    rules = selectors.rules_out(community)
    return render(request, "access/gate.html", {"rules": rules, "gate_config": {
        "rules": rules, "kinds": selectors.kind_labels(), "user": request.user.pk,
        "csrf": get_token(request)}})


def service_worker(request: HttpRequest) -> HttpResponse:
    """Keeps the guard's page and its scripts for offline use (scope /access/gate/)."""
    resp = HttpResponse(render_to_string("access/gate_sw.js"),
                        content_type="application/javascript; charset=utf-8")
    resp["Cache-Control"] = "no-cache"
    resp["Service-Worker-Allowed"] = "/access/gate/"
    return resp


@login_required
def photo(request: HttpRequest, photo_hash: str) -> FileResponse:
    """The pass photo the scanned token points at; guards only (cached by the page)."""
    assert isinstance(request.user, User)
    try:
        selectors.guard_community(request.user)
        rider_pass = selectors.pass_by_photo(photo_hash)
    except DomainError:
        raise Http404("照片不存在") from None
    path = Path(settings.MEDIA_ROOT) / rider_pass.photo_thumb
    if not path.exists():
        raise Http404("照片不存在")
    resp = FileResponse(path.open("rb"), content_type="image/jpeg")
    resp["Cache-Control"] = "private, max-age=86400"
    return resp
