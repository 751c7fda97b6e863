"""Liveness, readiness and metrics for whoever runs the service (a proxy, Kubernetes, a
monitoring agent). Readiness checks what a request needs: the database, the cache (Redis
when configured) and the job queue's storage."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from huey.contrib.djhuey import HUEY

from nuanxin.kernel.http import client_address

log = logging.getLogger("nuanxin.health")


def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers: nothing else is asked (a restart will not help a database)."""
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("readyz", "1", 5)
    if cache.get("readyz") != "1":
        raise RuntimeError("cache did not keep a value")


def _queue() -> None:
    HUEY.storage.queue_size()


CHECKS: dict[str, tuple[str, Callable[[], None]]] = {
    "database": ("数据库", _database),
    "cache": ("缓存", _cache),
    "queue": ("任务队列", _queue),
}


def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    failed: list[str] = []
    for key, (label, check) in CHECKS.items():
        try:
            check()
            results[key] = "ok"
        except Exception as e:  # a readiness probe reports, it never raises
            log.warning("readiness check %s failed: %s", key, type(e).__name__)
            results[key] = "fail"
            failed.append(label)
    if failed:
        return JsonResponse({"status": "fail", "checks": results,
                             "detail": f"{'、'.join(failed)}不可用"}, status=503)
    return JsonResponse({"status": "ok", "checks": results})


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False)
               for net in settings.NUANXIN_METRICS_ALLOWED)


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for the configured monitoring addresses only."""
    if not _allowed(client_address(request)):
        return JsonResponse({"detail": "无权访问监控指标", "code": "forbidden"}, status=403)
    from django_prometheus.exports import ExportToDjangoView

    response: HttpResponse = ExportToDjangoView(request)
    return response
