"""The operator's phone pages: my stations, and one form to change hours, services, closure."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from nuanxin.kernel.errors import DomainError
from nuanxin.people.selectors import current_user
from nuanxin.stations import catalogue, hours_text, selectors, services
from nuanxin.stations.hours import TZ
from nuanxin.stations.models import StationStatus
from nuanxin.stations.selectors import open_state
from nuanxin.web.uploads import read_upload


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = [{"s": s, "state": open_state(s)} for s in selectors.stations_of(request.user)]
    return render(request, "stations/mine.html", {"rows": rows})


def _until(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)  # naive = Shanghai time (services.set_closure)
    except ValueError:
        raise DomainError("恢复时间格式不正确", field="closed_until") from None


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    station = selectors.get_station_or_404(pk)
    if not services.can_edit(request.user, station):
        raise DjangoPermissionDenied("只能修改自己负责的站点")
    errors: dict[str, str] = {}
    action = request.POST.get("action", "")
    if request.method == "POST":
        user = current_user(request)
        try:
            if action == "hours":
                hours = hours_text.parse(request.POST.get("weekly", ""),
                                         request.POST.get("exceptions", ""))
                services.operator_update(station, by=user, hours=hours,
                                         phone=request.POST.get("phone", ""))
                messages.success(request, "营业时间已保存，骑手马上就能看到")
            elif action == "services":
                chosen = {c: request.POST.get(f"details_{c}", "")
                          for c in request.POST.getlist("service")}
                services.operator_update(station, by=user, services=chosen)
                messages.success(request, "服务项目已保存")
            elif action == "photo_add":
                upload = request.FILES.get("photo")
                if upload is None:
                    raise DomainError("请选择一张照片", field="photos")
                services.add_photo(station, by=user, data=read_upload(upload, field="photo"),
                                   caption=request.POST.get("caption", ""))
                messages.success(request, "照片已上传")
            elif action == "photo_del":
                photo = station.photos.filter(pk=request.POST.get("photo") or 0).first()
                if photo is None:
                    raise DomainError("照片不存在", field="photos")
                services.remove_photo(photo, by=user)
                messages.success(request, "照片已删除")
            elif action == "closure":
                services.set_closure(station, by=user, status=request.POST.get("status", ""),
                                     reason=request.POST.get("reason", ""),
                                     until=_until(request.POST.get("until", "")))
                messages.success(request, "开放状态已更新")
            else:
                raise DomainError("未知的操作", field="action")
        except DomainError as e:
            errors[action] = e.message
        else:
            return redirect(f"/stations/{station.pk}/edit/")
    station = selectors.get_station_or_404(pk)
    details = {x.service: x.details for x in station.services.all()}
    have = set(catalogue.codes_of(station.service_mask))
    rows = [{"s": s, "on": s.code in have, "details": details.get(s.code, "")}
            for s in catalogue.SERVICES]
    until = timezone.localtime(station.closed_until, TZ).strftime("%Y-%m-%dT%H:%M") \
        if station.closed_until else ""
    return render(request, "stations/edit.html", {
        "station": station, "state": open_state(station), "errors": errors, "rows": rows,
        "weekly": request.POST.get("weekly") if errors.get("hours")
        else hours_text.format_weekly(station.hours or {}),
        "exceptions": request.POST.get("exceptions") if errors.get("hours")
        else hours_text.format_exceptions(station.hours or {}),
        "until": until, "statuses": StationStatus.choices,
        "photos": list(station.photos.order_by("id")), "max_photos": services.MAX_PHOTOS,
    }, status=400 if errors else 200)
