"""The roster page for township and higher staff: masked phones, status, history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nuanxin.accounts.permissions import region_scope
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.people.selectors import current_user
from nuanxin.regions.selectors import get_region
from nuanxin.workforce import selectors


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    scope = region_scope(user, roles=selectors.HR_ROLES)
    code = request.GET.get("at") or (scope.paths[0].rstrip("/").split("/")[-1]
                                     if scope.paths else "")
    try:
        if not code:
            raise PermissionDenied("您无权查看社区工作者名册")
        region = get_region(code, field="at")
        posts = list(selectors.roster(viewer=user, region=region)[:500])
    except DomainError as e:
        return render(request, "workforce/denied.html", {"error": e}, status=e.status_code)
    return render(request, "workforce/roster.html", {"region": region, "posts": posts})
