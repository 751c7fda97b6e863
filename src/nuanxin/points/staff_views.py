"""Staff pages: the region's shop and points figures, the Excel export, manual adjustment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import RegionScope, region_scope
from nuanxin.accounts.services import find_user_by_phone
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.points.export import build_workbook
from nuanxin.points.selectors import ADJUST_ROLES, SHOP_STAFF_ROLES, redemptions_in
from nuanxin.points.services import adjust_points
from nuanxin.points.summary import figures, figures_by_child, item_rows
from nuanxin.regions.models import Region


def _region_for(request: HttpRequest, scope: RegionScope) -> Region:
    """The region asked for (?region=code), or the top of the user's scope; 403 outside it."""
    if scope.is_empty:
        raise DjangoPermissionDenied("仅限辖区工作人员查看")
    code = request.GET.get("region", "").strip()
    regions = Region.objects.select_related("parent")  # the page links to the parent
    if code:
        region = regions.filter(code=code).first()
    elif scope.everything:
        region = regions.filter(parent__isnull=True).order_by("code").first()
    else:
        region = regions.filter(path=scope.paths[0]).first()
    if region is None or not scope.covers(region):
        raise DjangoPermissionDenied("该区域不在您的辖区内")
    return region


@login_required
def staff_overview(request: HttpRequest) -> HttpResponse:
    region = _region_for(request, region_scope(request.user, roles=SHOP_STAFF_ROLES))
    return render(request, "points/staff.html", {
        "region": region, "total": figures(region), "rows": figures_by_child(region),
        "items": item_rows(region, limit=100), "recent": redemptions_in(region)[:30],
        "can_adjust": not region_scope(request.user, roles=ADJUST_ROLES).is_empty,
    })


@login_required
def staff_export(request: HttpRequest) -> HttpResponse:
    region = _region_for(request, region_scope(request.user, roles=SHOP_STAFF_ROLES))
    data = build_workbook(region)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f"attachment; filename=\"points-{region.code}-{stamp}.xlsx\"; "
        f"filename*=UTF-8''%E7%A7%AF%E5%88%86%E5%85%91%E6%8D%A2-{region.code}-{stamp}.xlsx")
    return response


@login_required
def staff_adjust(request: HttpRequest) -> HttpResponse:
    if region_scope(request.user, roles=ADJUST_ROLES).is_empty:
        raise DjangoPermissionDenied("仅限社区及以上工作人员调整积分")
    context: dict[str, Any] = {"form": request.POST}
    if request.method == "POST":
        actor = request.user
        assert isinstance(actor, User)
        try:
            subject = find_user_by_phone(request.POST.get("phone", ""))
            if subject is None:
                raise DomainError("该手机号未注册", field="phone")
            try:
                amount = int(request.POST.get("amount", ""))
            except ValueError:
                raise DomainError("调整积分应为整数（扣减填负数）", field="amount") from None
            adjust_points(actor=actor, subject=subject, amount=amount,
                          reason=request.POST.get("reason", ""),
                          ip_address=client_address(request) or None)
        except DomainError as e:
            context["error"] = e.message
            return render(request, "points/adjust.html", context, status=400)
        messages.success(request, f"已为 {subject.phone_masked} 调整 {amount:+d} 积分，已留痕")
        return redirect("/points/staff/adjust/")
    return render(request, "points/adjust.html", context)
