"""GeoReport v2 under /open311/v2/: discovery, services, definitions, requests, tokens.

Every answer comes in the format the path asks for (.json or .xml); errors use the
spec's own shape ([{code, description}]) with the matching HTTP status.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.open311 import documents as docs
from nuanxin.open311.errors import Open311Error
from nuanxin.open311.models import RequestToken
from nuanxin.open311.render import error, respond
from nuanxin.open311.services import PostedRequest, client_for_key, create_request
from nuanxin.regions.models import Region
from nuanxin.reports.models import Category, Origin, Report

MAX_RESULTS = 1000
MAX_SPAN = timedelta(days=90)
View = Callable[..., HttpResponse]


def open311(methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Check the method, the format and the jurisdiction; turn errors into spec errors."""
    def deco(fn: View) -> View:
        @wraps(fn)
        def wrapper(request: HttpRequest, fmt: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if fmt not in ("json", "xml"):
                return error("json", 404, "format must be json or xml (格式只能是 json 或 xml)")
            if request.method not in methods:
                return error(fmt, 405, f"method {request.method} not allowed")
            try:
                jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get(
                    "jurisdiction_id")
                if jurisdiction and not _jurisdiction_ok(jurisdiction):
                    raise Open311Error(404, f"jurisdiction_id {jurisdiction} not found")
                return fn(request, fmt, *args, **kwargs)
            except Open311Error as e:
                return error(fmt, e.code, e.description)
            except DomainError as e:
                return error(fmt, 400 if e.status_code < 500 else e.status_code,
                             f"{e.field or 'request'}: {e.message}")
        return csrf_exempt(wrapper)
    return deco


def _jurisdiction_ok(value: str) -> bool:
    return Region.objects.filter(code=value, level="city").exists() or value == "heze"


def _category(code: str) -> Category:
    cat = Category.objects.filter(code=code, active=True).first()
    if cat is None:
        raise Open311Error(404, f"service_code {code} not found")
    return cat


@open311()
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "discovery", docs.discovery(request))


@open311()
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    cats = Category.objects.filter(active=True).order_by("sort", "id")
    return respond(fmt, "services", [docs.service(c) for c in cats])


@open311()
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    return respond(fmt, "service_definition", docs.definition(_category(code)))


def _date(name: str) -> datetime | None:
    return None if not name else parse_datetime(name)


def _parse_date(request: HttpRequest, field: str) -> datetime | None:
    raw = request.GET.get(field, "").strip()
    if not raw:
        return None
    try:
        value = _date(raw)
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(400, f"{field} must be a W3C date-time, e.g. 2026-11-01T00:00:00+08:00")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    qs = Report.objects.exclude(origin=Origin.MEDIATION).select_related(
        "category", "region").prefetch_related("photos")
    ids = [x.strip() for x in request.GET.get("service_request_id", "").split(",") if x.strip()]
    if ids:  # the spec: service_request_id overrides every other filter
        if not all(x.isdigit() for x in ids):
            raise Open311Error(400, "service_request_id must be numbers separated by commas")
        qs = qs.filter(pk__in=[int(x) for x in ids])
    else:
        codes = [x.strip() for x in request.GET.get("service_code", "").split(",") if x.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        start, end = _parse_date(request, "start_date"), _parse_date(request, "end_date")
        if start and end and end < start:
            raise Open311Error(400, "end_date is before start_date")
        if start and end and end - start > MAX_SPAN:
            raise Open311Error(400, "start_date and end_date may not span more than 90 days")
        if not start:
            start = (end or timezone.now()) - MAX_SPAN
        qs = qs.filter(created_at__gte=start)
        if end:
            qs = qs.filter(created_at__lte=end)
        statuses = {x.strip() for x in request.GET.get("status", "").split(",") if x.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both")
        if statuses == {"open"}:
            qs = qs.exclude(status__in=docs.CLOSED)
        elif statuses == {"closed"}:
            qs = qs.filter(status__in=docs.CLOSED)
    items = [docs.service_request(r, request)
             for r in qs.order_by("-created_at", "-id")[:MAX_RESULTS]]
    return respond(fmt, "service_requests", items)


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    p = request.POST
    client = client_for_key(p.get("api_key", ""))
    code = p.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    _category(code)
    lat, lng = p.get("lat", "").strip(), p.get("long", "").strip()
    if not (lat and lng):
        if p.get("address_string") or p.get("address_id"):
            raise Open311Error(400, "lat and long are required: address-only requests cannot"
                                    " be routed here (需要经纬度)")
        raise Open311Error(400, "a location is required: lat and long")
    try:
        flat, flng = float(lat), float(lng)
    except ValueError:
        raise Open311Error(400, "lat and long must be decimal degrees") from None
    anonymous = p.get(f"attribute[{docs.ANONYMOUS_ATTRIBUTE}]", "0") == "1"
    report, token = create_request(client, PostedRequest(
        service_code=code, lat=flat, long=flng, address_string=p.get("address_string", ""),
        description=p.get("description", ""), anonymous=anonymous,
    ), client_address(request))
    return respond(fmt, "service_requests", [{
        "service_request_id": str(report.pk), "token": token,
        "service_notice": report.category.deadline_text, "account_id": None,
    }])


@open311(methods=("GET", "POST"))
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    return _list(request, fmt)


@open311()
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    report = None
    if request_id.isdigit():
        report = (Report.objects.exclude(origin=Origin.MEDIATION)
                  .select_related("category", "region").filter(pk=int(request_id)).first())
    if report is None:
        raise Open311Error(404, f"service_request_id {request_id} not found")
    return respond(fmt, "service_requests", [docs.service_request(report, request)])


@open311()
def token(request: HttpRequest, fmt: str, token_id: str) -> HttpResponse:
    found = RequestToken.objects.filter(token=token_id).first()
    if found is None:
        raise Open311Error(404, f"token {token_id} not found")
    return respond(fmt, "service_requests", [
        {"service_request_id": str(found.report_id), "token": found.token}])


