"""The bodies of GeoReport v2 answers, built from categories and reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from nuanxin.reports.models import Category, Report
from nuanxin.reports.selectors import PHOTOS_PUBLIC, PUBLIC_DECIMALS, current_due
from nuanxin.reports.states import Status

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-29T00:00:00+08:00"
CLOSED = {Status.RESOLVED, Status.ANSWERED, Status.CLOSED, Status.REJECTED}
ANONYMOUS_ATTRIBUTE = "anonymous"


def w3c(value: datetime | None) -> str | None:
    """W3C date-time with the local offset and no fraction: 2026-11-29T09:54:00+08:00."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def open311_status(status: str) -> str:
    return "closed" if status in CLOSED else "open"


def discovery(request: HttpRequest) -> dict[str, Any]:
    base = request.build_absolute_uri("/open311/v2")
    return {
        "changeset": CHANGESET,
        "contact": "菏泽市委社会工作部 暖新平台（随手拍）",
        "key_service": request.build_absolute_uri("/admin/open311/apiclient/"),
        "endpoints": [{
            "specification": SPEC_URL, "url": base, "changeset": CHANGESET,
            "type": "production", "formats": ["text/xml", "application/json"],
        }],
    }


def service(c: Category) -> dict[str, Any]:
    return {
        "service_code": c.code, "service_name": c.name,
        "description": f"{c.description}（{c.deadline_text}）" if c.description else c.deadline_text,
        "metadata": True, "type": "realtime",
        "keywords": ",".join(k for k in c.description.replace("、", ",").split(",") if k),
        "group": c.get_handler_kind_display(),
    }


def definition(c: Category) -> dict[str, Any]:
    return {
        "service_code": c.code,
        "attributes": [{
            "variable": True, "code": ANONYMOUS_ATTRIBUTE, "datatype": "singlevaluelist",
            "required": False, "datatype_description": "是否对公众匿名（承办人仍可看到报告人）",
            "order": 1, "description": "对公众匿名",
            "values": [{"key": "0", "name": "公开"}, {"key": "1", "name": "匿名"}],
        }],
    }


def service_request(r: Report, request: HttpRequest) -> dict[str, Any]:
    photo = r.photos.first()
    return {
        "service_request_id": str(r.pk),
        "status": open311_status(r.status),
        "status_notes": r.reply or Status(r.status).label,
        "service_name": r.category.name,
        "service_code": r.category.code,
        "description": r.description,
        "agency_responsible": r.region.name,
        "service_notice": r.category.deadline_text,
        "requested_datetime": w3c(r.created_at),
        "updated_datetime": w3c(r.updated_at),
        "expected_datetime": w3c(current_due(r)),
        "address": r.address,
        "address_id": None,
        "zipcode": None,
        "lat": round(r.lat, PUBLIC_DECIMALS),  # public: about 10 m, never the doorway
        "long": round(r.lng, PUBLIC_DECIMALS),
        "media_url": (request.build_absolute_uri(f"/reports/photo/{photo.pk}/full")
                      if photo and r.status in PHOTOS_PUBLIC else None),
    }
