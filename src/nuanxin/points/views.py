"""Phone pages: my points, the shop, my codes (with QR), and the operator's confirm page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.navigation import navigation_links
from nuanxin.people.selectors import current_user
from nuanxin.points import redemptions, selectors
from nuanxin.points.codes import confirm_path, normalize_code, pretty, qr_svg
from nuanxin.regions.models import Region


@login_required
def my_points(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    redemptions.expire_due(user=user)  # don't wait for the scheduled run to give points back
    page = Paginator(selectors.entries_of(user), 20).get_page(request.GET.get("page"))
    return render(request, "points/points.html", {
        "balance": selectors.balance_of(user), "page": page,
        "is_operator": selectors.operates_any_station(user),
    })


def shop(request: HttpRequest) -> HttpResponse:
    """The shop window; a worker sees their own county's items first (?region=all: all)."""
    user = request.user if isinstance(request.user, User) else None
    wanted = request.GET.get("region", "").strip()
    region = Region.objects.filter(code=wanted).first() if wanted not in ("", "all") else None
    if not wanted and user is not None:
        region = selectors.county_of(user)
    unknown = bool(wanted) and wanted != "all" and region is None
    return render(request, "points/shop.html", {
        "items": selectors.shop_items(region=region)[:200], "region": region,
        "error": f"区划代码“{wanted}”不存在，已显示全部商品" if unknown else "",
        "balance": selectors.balance_of(user) if user is not None else None,
        "is_operator": user is not None and selectors.operates_any_station(user),
    }, status=404 if unknown else 200)


@login_required
@require_POST
def redeem(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        r = redemptions.redeem(user=current_user(request), item_id=item_id)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("/shop/")
    messages.success(request, f"兑换成功！请在有效期内到站点出示兑换码 {pretty(r.code)}")
    return redirect(f"/points/codes/{r.code}/")


@login_required
def my_codes(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    redemptions.expire_due(user=user)
    codes = selectors.redemptions_of(user)[:100]
    return render(request, "points/codes.html", {"codes": codes})


@login_required
def code_detail(request: HttpRequest, code: str) -> HttpResponse:
    r = selectors.redemption_by_code(normalize_code(code))
    if r is None or r.user_id != request.user.pk:
        raise Http404("兑换码不存在")
    context: dict[str, Any] = {"r": r, "pretty": pretty(r.code)}
    if r.status == "held":
        context["qr"] = qr_svg(request.build_absolute_uri(confirm_path(r.code)))
        station = r.item.station
        if station is not None:  # where to take the code: a route there
            context["nav"] = navigation_links(station.name, station.lng, station.lat)
    return render(request, "points/code.html", context)


@login_required
@require_POST
def cancel_code(request: HttpRequest, code: str) -> HttpResponse:
    try:
        r = redemptions.cancel(actor=current_user(request), code=code)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已取消，{r.points}积分已退回")
    return redirect(f"/points/codes/{normalize_code(code)}/")


@login_required
def confirm_page(request: HttpRequest) -> HttpResponse:
    """Scan (the QR opens this page with ?code=) or type the code, check it, confirm."""
    user = current_user(request)
    raw = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    code = normalize_code(raw or "")
    context: dict[str, Any] = {"code": code, "stations": selectors.stations_operated_by(user)}
    if request.method == "POST":
        try:
            r = redemptions.confirm(operator=user, code=code)
        except DomainError as e:
            context["error"] = e.message
        else:
            context["done"] = r
        return render(request, "points/confirm.html", context,
                      status=400 if "error" in context else 200)
    if code:
        try:
            r_found = redemptions.find(code)
        except DomainError as e:
            context["error"] = e.message
        else:
            if selectors.confirming_station(user, r_found.item) is None:
                context["error"] = redemptions.NOT_YOUR_STATION
            else:
                context["r"] = r_found
                context["pretty"] = pretty(r_found.code)
                context["error"] = redemptions.unusable_reason(r_found, timezone.now())
    return render(request, "points/confirm.html", context)
