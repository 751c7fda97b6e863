"""One guard in front of every view: oversize bodies and NUL bytes are refused here.

- A request whose Content-Length passes `NUANXIN_MAX_REQUEST_BYTES` is answered 413 before
  a byte of its body is read; a file that grows past its limit while streaming is a 413 too
  (`web.uploads.FileSizeLimit`).
- A NUL byte in the path, the query string, a form field or a string of a JSON body is a 400.
  PostgreSQL cannot store or compare text holding NUL ("A string literal cannot contain NUL"),
  so without this one check every endpoint that passes a parameter to a query would answer
  500 there; refusing once here keeps the endpoints free of per-parameter checks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

from nuanxin.kernel.errors import DomainError
from nuanxin.web.uploads import UploadTooLarge, request_too_large

NUL = "\x00"
NUL_MESSAGE = "请求中含有不允许的空字符（NUL），已拒绝"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refusal(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The refusal in the caller's language: JSON for the API and Open311, a page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse(error.as_dict(), status=error.status_code,
                            json_dumps_params={"ensure_ascii": False})
    if request.path.startswith("/open311/"):
        return JsonResponse([{"code": error.status_code, "description": error.message}],
                            status=error.status_code, safe=False,
                            json_dumps_params={"ensure_ascii": False})
    return HttpResponse(
        f'<!doctype html><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width,initial-scale=1"><title>请求被拒绝</title>'
        f"<p>{escape(error.message)}</p><p><a href=\"/\">返回首页</a></p>",
        status=error.status_code, content_type="text/html; charset=utf-8")


def _strings_of(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings_of(v)


def _nul_field(request: HttpRequest) -> str | None:
    """The first place holding a NUL byte, or None. May raise UploadTooLarge while parsing."""
    if NUL in request.path:
        return "path"
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in v for v in values):
            return key.replace(NUL, "") or "query"
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            if NUL in key or any(NUL in v for v in values):
                return key.replace(NUL, "") or "form"
    elif content_type == "application/json":
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return None  # the view answers malformed JSON in its own words
        if any(NUL in s for s in _strings_of(data)):
            return "body"
    return None


class RequestGuard:
    """Refuse oversize requests (413) and NUL bytes (400) before any view or query runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.NUANXIN_MAX_REQUEST_BYTES:
            return refusal(request, request_too_large())
        try:
            field = _nul_field(request)
        except UploadTooLarge as e:
            return refusal(request, e)
        except RequestDataTooBig:
            return refusal(request, request_too_large())
        if field is not None:
            return refusal(request, DomainError(NUL_MESSAGE, field=field, code="nul_byte"))
        return self.get_response(request)
