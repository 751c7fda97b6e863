"""Staff publish an activity from a page (the same service as the API)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.activities.forms import PublishForm
from nuanxin.activities.services import ORGANISER_ROLES, ActivityDraft, publish_activity
from nuanxin.kernel.errors import DomainError
from nuanxin.regions.models import Region
from nuanxin.stations.models import Station


def _choices(user: User) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """The regions the user organises (and the level below), and their stations."""
    scope = region_scope(user, roles=ORGANISER_ROLES)
    tops = list(scope.filter(Region.objects.all(), "").order_by("path")[:1]) if \
        scope.everything else list(Region.objects.filter(path__in=scope.paths))
    below = Region.objects.filter(parent__in=tops).order_by("code")[:200]
    regions = [(r.code, r.name) for r in tops] + [(r.code, f"　{r.name}") for r in below]
    stations = scope.filter(Station.objects.select_related("region"), "region")
    return regions, [(s.pk, f"{s.name}（{s.region.name}）")
                     for s in stations.order_by("region__path", "name")[:300]]


@login_required
def publish(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if region_scope(user, roles=ORGANISER_ROLES).is_empty:
        raise DjangoPermissionDenied("仅限活动组织人员")
    regions, stations = _choices(user)
    form = PublishForm(request.POST or None, regions=regions, stations=stations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        draft = ActivityDraft(region_code=data.pop("region"), station_id=data.pop("station"),
                              waitlist_size=data.pop("waitlist_size") or 0,
                              worker_kinds=list(data.pop("worker_kinds")), **data)
        try:
            activity = publish_activity(actor=user, draft=draft)
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, "活动已发布")
            return HttpResponseRedirect(f"/activities/{activity.pk}/")
    return render(request, "activities/publish.html", {"form": form})
