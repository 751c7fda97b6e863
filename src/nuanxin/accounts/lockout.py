"""What a throttled login sees (django-axes calls this)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

LOCKED_MESSAGE = "登录失败次数过多，账号已临时锁定，请15分钟后再试"


def locked_out_response(request: HttpRequest, credentials: Any = None, *args: Any,
                        **kwargs: Any) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_MESSAGE, "field": "phone", "code": "locked"},
                            status=429)
    return HttpResponse(
        f'<!doctype html><meta charset="utf-8"><title>已锁定</title><p>{LOCKED_MESSAGE}</p>',
        status=429,
    )
