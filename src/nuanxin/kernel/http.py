"""The caller's network address, for rate limits and access logs.

Behind `NUANXIN_PROXY_COUNT` trusted proxies the address is the one the outermost proxy
saw, read from the right of X-Forwarded-For (the left part is whatever the client wrote).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if h.strip()]
        if len(hops) >= proxies:
            return str(hops[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))
