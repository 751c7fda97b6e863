"""Reads: the guard's community, the revocation list, token checks, community maps."""

from __future__ import annotations

import base64
import json
import math
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from nuanxin.access import tokens
from nuanxin.access.models import Community, MapFeature, RiderPass
from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import Role
from nuanxin.kernel.errors import NotFound, PermissionDenied
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.geo import haversine_m


def opted_in() -> QuerySet[Community]:
    return Community.objects.filter(opted_in=True).select_related("region")


def get_community(code: str) -> Community:
    community = opted_in().filter(region__code=code).first()
    if community is None:
        raise NotFound("该社区未开通骑手通行", field="community")
    return community


def guard_community(user: User) -> Community:
    """The opted-in community a gate guard works for (the first, if several)."""
    scope = region_scope(user, roles=[Role.GATE_GUARD])
    if scope.is_empty:
        raise PermissionDenied("只有小区门岗可以使用验证页")
    community = scope.filter(opted_in(), "region").order_by("region__code").first()
    if community is None:
        raise PermissionDenied("您所在的社区尚未开通骑手通行")
    return community


def rules_out(community: Community) -> dict[str, object]:
    return {"community": community.region.name, "code": community.region.code,
            "hours": community.hours_text,
            "open_from": f"{community.open_from:%H:%M}" if community.open_from else "",
            "open_until": f"{community.open_until:%H:%M}" if community.open_until else "",
            "ebike_rule": community.ebike_rule or "未作规定",
            "parking": community.parking_note or "未设置", "bike_minutes": community.bike_minutes}


def revoked(now: datetime | None = None) -> list[str]:
    """Numbers of revoked passes that would otherwise still be valid (the list stays short)."""
    now = now or timezone.now()
    return list(RiderPass.objects.filter(revoked_at__isnull=False, expires_at__gt=now)
                .order_by("number").values_list("number", flat=True))


def kind_labels() -> dict[str, str]:
    return {str(k.value): str(k.label) for k in WorkerKind}


def check_token(token: str, *, now: datetime | None = None) -> tokens.PassClaims:
    """Signature and window (tokens.verify), then what only the server knows: the pass is
    not revoked and its holder is still verified. Reads only."""
    claims = tokens.verify(token, now=now)
    rider_pass = RiderPass.objects.filter(number=claims.number).select_related("worker").first()
    if rider_pass is None:
        raise tokens.TokenRefused("通行证不存在", "unknown_pass")
    at = now or timezone.now()
    if rider_pass.revoked_at is not None and rider_pass.revoked_at <= at:
        raise tokens.TokenRefused("通行证已注销", "revoked")
    if not rider_pass.worker.real_name_verified:
        raise tokens.TokenRefused("持证人未通过实名认证", "unverified")
    if rider_pass.photo_hash != claims.photo_hash:
        raise tokens.TokenRefused("照片与通行证不符", "photo")
    return claims


def unverified_number(token: str) -> str:
    """The pass number a (possibly forged) token claims, for the scan log only."""
    try:
        payload = token.split(".")[1]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(data.get("sub", ""))[:24] if isinstance(data, dict) else ""
    except (IndexError, ValueError, UnicodeDecodeError):
        return ""


def pass_of(user: User) -> RiderPass | None:
    return RiderPass.objects.filter(worker__user=user).first()


def worker_of(user: User) -> Worker | None:
    return Worker.objects.filter(user=user).first()


def pass_by_photo(photo_hash: str) -> RiderPass:
    rider_pass = RiderPass.objects.filter(photo_hash=photo_hash).first()
    if rider_pass is None:
        raise NotFound("照片不存在", field="photo")
    return rider_pass


def features(community: Community) -> list[MapFeature]:
    return list(community.features.all())


def communities_near(*, lng: float, lat: float, radius_m: float = 3000,
                     limit: int = 5) -> list[tuple[float, Community]]:
    """Opted-in communities with a published map, nearest first."""
    dlat = radius_m / 111_000
    dlng = radius_m / (111_000 * max(math.cos(math.radians(lat)), 0.1))
    qs = opted_in().filter(region__lng__gte=lng - dlng, region__lng__lte=lng + dlng,
                           region__lat__gte=lat - dlat, region__lat__lte=lat + dlat,
                           features__isnull=False).distinct()
    found = []
    for c in qs:
        d = haversine_m(lng, lat, c.region.lng or 0, c.region.lat or 0)
        if d <= radius_m:
            found.append((d, c))
    found.sort(key=lambda t: t[0])
    return found[:limit]

