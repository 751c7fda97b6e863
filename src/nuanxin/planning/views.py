"""The planner page: staff pick a region, a service, a radius and K; the map shows covered
and uncovered demand and the proposed sites (greedy at once, then the exact answer)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

from nuanxin.accounts.permissions import staff_scope
from nuanxin.planning import selectors
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.stations.selectors import service_labels


def _regions(request: HttpRequest) -> list[dict[str, str]]:
    scope = staff_scope(request.user)
    qs = scope.filter(Region.objects.filter(level__in=[Level.CITY, Level.COUNTY,
                                                       Level.TOWNSHIP]), field="")
    indent: dict[str, str] = {Level.CITY: "", Level.COUNTY: "　", Level.TOWNSHIP: "　　"}
    return [{"code": r.code, "label": indent.get(r.level, "") + r.name}
            for r in qs.order_by("path")]


@login_required
@ensure_csrf_cookie
def planner(request: HttpRequest) -> HttpResponse:
    regions = _regions(request)
    if not regions:
        return render(request, "planning/forbidden.html", status=403)
    services = [{"code": c, "label": label} for c, label in service_labels().items()]
    cfg = {"radius": selectors.RADIUS_DEFAULT_M, "timeLimit": selectors.EXACT_SECONDS}
    return render(request, "planning/planner.html", {
        "regions": regions, "services": services, "cfg": json.dumps(cfg),
        "default_region": next((r["code"] for r in regions if r["label"].count("　") == 1),
                               regions[0]["code"]),
    })
