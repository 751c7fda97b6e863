"""When the database goes away (a restart, a failover), the request in flight gets a clear
503 in Chinese instead of a 500, and the next request reconnects (CONN_HEALTH_CHECKS)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import SimpleTemplateResponse

log = logging.getLogger("nuanxin.faults")
MESSAGE = "服务暂时不可用（数据库正在恢复），请稍后重试"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.error("database unavailable: %s", type(exception).__name__)
        for conn in connections.all(initialized_only=True):
            try:
                conn.close()  # the next request opens a fresh connection
            except Exception:  # the connection is already gone: nothing to close
                log.debug("closing %s failed", conn.alias)
        if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse(
                {"detail": MESSAGE, "code": "database_unavailable"}, status=503,
                json_dumps_params={"ensure_ascii": False})
        else:
            response = SimpleTemplateResponse("ops/unavailable.html", {"message": MESSAGE},
                                              status=503)
            response.render()
        response["Retry-After"] = "5"
        return response
