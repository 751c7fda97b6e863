"""Staff pages: the role's home, the dashboard with map and trends, the records behind a
number, and the exports (xlsx of every table, the monthly brief as PDF)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import STAFF_ROLES
from nuanxin.dashboard import board, exports, homes, selectors
from nuanxin.dashboard.brief import build_brief
from nuanxin.dashboard.periods import parse_month, parse_period
from nuanxin.dashboard.present import SMALL_NOTE
from nuanxin.kernel.errors import DomainError
from nuanxin.reports.selectors import LIVE_FILTERS, live_in

View = Callable[..., HttpResponse]
RECORDS_LIMIT = 200


def staff_page(view: View) -> View:
    """Login, then staff only: a refusal (Chinese) sends others to the home page."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if region_scope(request.user, roles=STAFF_ROLES).is_empty:
            messages.error(request, selectors.NOT_STAFF)
            return HttpResponseRedirect("/")
        try:
            return view(request, *args, **kwargs)
        except DomainError as e:
            messages.error(request, e.message)
            return HttpResponseRedirect("/dashboard/" if request.path != "/dashboard/"
                                        else "/home/")
    return login_required(wrapper)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where login lands: staff get their role's home, everyone else the rider home."""
    if region_scope(request.user, roles=STAFF_ROLES).is_empty:
        return HttpResponseRedirect("/")
    return render(request, "dashboard/home.html", homes.context(request.user))


@staff_page
def dashboard(request: HttpRequest) -> HttpResponse:
    g = request.GET
    region = selectors.region_for(request.user, g.get("region"))
    period = parse_period(g.get("from"), g.get("to"))
    mode = g.get("mode") or "count"
    if mode not in board.MODES:
        mode = "count"
    snap = selectors.figures(region, period)
    metric = g.get("metric") or board.DEFAULT_METRIC
    if board.pick(snap.value, metric) is None:
        metric = board.DEFAULT_METRIC
    kids = selectors.child_figures(region, period)
    rows = board.child_rows(region, period, kids.value, metric, mode)
    chosen = board.pick(snap.value, metric)
    return render(request, "dashboard/board.html", {
        "region": region, "period": period, "mode": mode, "modes": board.MODES,
        "metric": metric, "chosen": chosen, "stamp": snap.stamp,
        "crumbs": board.breadcrumb(request.user, region),
        "sections": board.section_items(region, period, snap.value, mode),
        "rows": rows, "records": board.RECORDS.get(metric, ""),
        "map_data": board.map_features(region, rows),
        "trend_data": board.trends(region, period),
        "q": board.query(region, period), "qm": board.query(region, period, metric=metric,
                                                              mode=mode),
        "small_note": SMALL_NOTE,
    })


@staff_page
def records(request: HttpRequest) -> HttpResponse:
    g = request.GET
    region = selectors.region_for(request.user, g.get("region"))
    which = g.get("which", "overdue")
    items = list(live_in(region, which)[:RECORDS_LIMIT])
    return render(request, "dashboard/records.html", {
        "region": region, "which": which, "which_label": LIVE_FILTERS.get(which, which),
        "items": items, "limit": RECORDS_LIMIT, "filters": LIVE_FILTERS,
        "crumbs": board.breadcrumb(request.user, region),
        "q": board.query(region, parse_period(g.get("from"), g.get("to")), which=which),
    })


def _xlsx(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=exports.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@staff_page
def export_table(request: HttpRequest) -> HttpResponse:
    g = request.GET
    region = selectors.region_for(request.user, g.get("region"))
    period = parse_period(g.get("from"), g.get("to"))
    body = exports.figures_workbook(region, period, selectors.figures(region, period),
                                    selectors.child_figures(region, period))
    return _xlsx(body, f"figures-{region.code}-{period.start}-{period.last}.xlsx")


@staff_page
def export_records(request: HttpRequest) -> HttpResponse:
    g = request.GET
    region = selectors.region_for(request.user, g.get("region"))
    which = g.get("which", "overdue")
    body = exports.records_workbook(region, which, LIVE_FILTERS.get(which, which),
                                    live_in(region, which))
    return _xlsx(body, f"reports-{which}-{region.code}.xlsx")


@staff_page
def brief(request: HttpRequest) -> HttpResponse:
    g = request.GET
    region = selectors.region_for(request.user, g.get("region"))
    month = parse_month(g.get("month"))
    response = HttpResponse(build_brief(region, month), content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''brief-{region.code}-{month.start:%Y-%m}.pdf")
    return response
