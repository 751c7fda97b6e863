"""Writes to stations. Every write bumps the index version in the same transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import Role
from nuanxin.kernel.coords import check_point
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.kernel.http import client_address
from nuanxin.regions.models import Region
from nuanxin.stations import catalogue, index
from nuanxin.stations import hours as hours_mod
from nuanxin.stations.models import (
    IndexVersion,
    Station,
    StationDailyVisits,
    StationKind,
    StationPhoto,
    StationService,
    StationStatus,
    StationVisit,
)
from nuanxin.stations.text import search_text

# Staff who may manage every station in their region (operators manage their own).
MANAGER_ROLES = (Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN)
_PHONE = re.compile(r"^[0-9][0-9-]{4,19}$")


def bump_version() -> int:
    """Conditional UPDATE on the single IndexVersion row (the lock is that row)."""
    if not IndexVersion.objects.filter(pk=1).update(version=F("version") + 1):
        try:
            with transaction.atomic():
                IndexVersion.objects.create(pk=1, version=1)
        except IntegrityError:
            IndexVersion.objects.filter(pk=1).update(version=F("version") + 1)
    version = index.db_version()
    index.mark_dirty()
    index.touch_stamp(version)
    transaction.on_commit(lambda: index.touch_stamp(version))
    return version


def can_edit(user: Any, station: Station) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False) or station.operator_id == user.pk:
        return True
    return can(user, MANAGER_ROLES, station.region)


def check_can_edit(user: Any, station: Station) -> None:
    if not can_edit(user, station):
        raise PermissionDenied("只能修改自己负责的站点")


@dataclass
class StationData:
    """Validated fields for a create or an update (coordinates already WGS-84)."""

    name: str
    kind: str
    address: str
    region: Region
    lng: float
    lat: float
    phone: str = ""
    hours: dict[str, Any] | None = None
    services: dict[str, str] | None = None  # code -> details
    operator: User | None = None


def clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写站点名称", field="name")
    if len(name) > 100:
        raise DomainError("站点名称不能超过100个字", field="name")
    return name


def clean_kind(kind: str) -> str:
    kind = (kind or "").strip()
    for k in StationKind:
        if kind in (k.value, k.label):
            return k.value
    raise DomainError(f"站点类型“{kind}”不存在", field="kind")


def clean_phone(phone: str) -> str:
    phone = (phone or "").strip().replace(" ", "")
    if phone and not _PHONE.match(phone):
        raise DomainError("联系电话只能包含数字和“-”", field="phone")
    return phone


def clean_point(lng: float, lat: float) -> tuple[float, float]:
    check_point(lng, lat)
    return round(lng, 7), round(lat, 7)


def clean_services(services: dict[str, str]) -> dict[str, str]:
    out = {}
    for code, details in services.items():
        if code not in catalogue.BY_CODE:
            raise DomainError(f"未知的服务项目“{code}”", field="services")
        details = (details or "").strip()
        if len(details) > 100:
            raise DomainError("服务说明不能超过100个字", field="services")
        out[code] = details
    return out


def _apply(station: Station, data: StationData) -> None:
    station.name = clean_name(data.name)
    station.kind = clean_kind(data.kind)
    station.address = (data.address or "").strip()[:200]
    station.region = data.region
    station.lng, station.lat = clean_point(data.lng, data.lat)
    station.phone = clean_phone(data.phone)
    if data.hours is not None:
        station.hours = hours_mod.validate(data.hours)
    if data.operator is not None:
        station.operator = data.operator
    station.search_text = search_text(station.name, station.address)


def _write_services(station: Station, services: dict[str, str]) -> None:
    StationService.objects.filter(station=station).delete()
    StationService.objects.bulk_create(
        [StationService(station=station, service=c, details=d) for c, d in services.items()])
    station.service_mask = catalogue.mask_of(list(services))


@transaction.atomic
def create_station(data: StationData, *, by: User | None) -> Station:
    station = Station()
    _apply(station, data)
    if by is not None and not (by.is_superuser or can(by, MANAGER_ROLES, data.region)):
        raise PermissionDenied("只能在自己负责的区域内添加站点")
    services = clean_services(data.services or {})
    station.service_mask = catalogue.mask_of(list(services))
    station.save()
    _write_services(station, services)
    station.save(update_fields=["service_mask"])
    bump_version()
    return station


@transaction.atomic
def update_station(station: Station, data: StationData, *, by: User | None) -> Station:
    """Full edit (staff and imports). Locks the row: select_for_update on the station."""
    station = Station.objects.select_for_update().get(pk=station.pk)
    if by is not None:
        check_can_edit(by, station)
    _apply(station, data)
    if data.services is not None:
        _write_services(station, clean_services(data.services))
    station.save()
    bump_version()
    return station


@transaction.atomic
def operator_update(station: Station, *, by: User, hours: dict[str, Any] | None = None,
                    services: dict[str, str] | None = None, phone: str | None = None) -> Station:
    """What an operator changes from the phone page: hours, services, phone."""
    station = Station.objects.select_for_update().select_related("region").get(pk=station.pk)
    check_can_edit(by, station)
    fields = ["updated_at"]
    if hours is not None:
        station.hours = hours_mod.validate(hours)
        fields.append("hours")
    if phone is not None:
        station.phone = clean_phone(phone)
        fields.append("phone")
    if services is not None:
        _write_services(station, clean_services(services))
        fields.append("service_mask")
    station.save(update_fields=fields)
    bump_version()
    return station


@transaction.atomic
def set_closure(station: Station, *, by: User, status: str, reason: str = "",
                until: datetime | None = None) -> Station:
    """Open, close for a while (reason required, until optional) or close for good."""
    station = Station.objects.select_for_update().select_related("region").get(pk=station.pk)
    check_can_edit(by, station)
    if status not in StationStatus.values:
        raise DomainError("状态只能是 正常开放、临时关闭 或 已停用", field="status")
    reason = (reason or "").strip()
    if until is not None and timezone.is_naive(until):  # a clock time without zone: Shanghai's
        until = until.replace(tzinfo=hours_mod.TZ)
    if status == StationStatus.TEMP_CLOSED:
        if not reason:
            raise DomainError("临时关闭请填写原因", field="closed_reason")
        if until is not None and until <= timezone.now():
            raise DomainError("恢复开放时间应晚于现在", field="closed_until")
    station.status = status
    station.closed_reason = reason[:200] if status != StationStatus.OPEN else ""
    station.closed_until = until if status == StationStatus.TEMP_CLOSED else None
    station.save(update_fields=["status", "closed_reason", "closed_until", "updated_at"])
    bump_version()
    return station


VISIT_DEDUPE_SECONDS = 600


def visitor_key(request: Any) -> str:
    """Who scanned: the signed-in user, else the network address."""
    user: Any = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_address(request)}"


def record_visit(station: Station, *, user: Any = None, visitor: str | None = None,
                 now: datetime | None = None) -> int:
    """Log a QR scan and count it for the station's Shanghai day; returns the day's count.

    The same visitor (user or address) counts once per station per ten-minute window, so a
    refreshed page or a repeated scan does not inflate the figures. The window is part of
    the cache key (an atomic `add`), so it follows the clock of the app, not the cache's TTL.
    Race-free: the counter is a conditional UPDATE count = count + 1 on the
    (station, day) row; the first scan of a day inserts it, and a losing insert
    (unique constraint) falls back to the UPDATE.
    """
    from django.core.cache import cache

    now = now or timezone.now()
    day = now.astimezone(hours_mod.TZ).date()
    counter = StationDailyVisits.objects.filter(station=station, day=day)
    window = int(now.timestamp()) // VISIT_DEDUPE_SECONDS
    if visitor and not cache.add(f"stations:visit:{station.pk}:{visitor}:{window}", 1,
                                 VISIT_DEDUPE_SECONDS):
        return int(counter.values_list("count", flat=True).first() or 0)
    who = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        StationVisit.objects.create(station=station, user=who, day=day)
        if not counter.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    StationDailyVisits.objects.create(station=station, day=day, count=1)
            except IntegrityError:
                counter.update(count=F("count") + 1)
        return int(counter.values_list("count", flat=True).get())


@transaction.atomic
def save_from_admin(station: Station) -> Station:
    """The back office edits plain fields; keep the derived ones and the index in step."""
    station.name = clean_name(station.name)
    station.phone = clean_phone(station.phone)
    station.lng, station.lat = clean_point(station.lng, station.lat)
    station.hours = hours_mod.validate(station.hours or {})
    station.search_text = search_text(station.name, station.address)
    station.save()
    bump_version()
    return station


MAX_PHOTOS = 6


@transaction.atomic
def add_photo(station: Station, *, by: User, data: bytes, caption: str = "") -> StationPhoto:
    """Store an EXIF-free, resized copy (the reports app's intake: GPS and camera data are
    stripped, bombs refused). Locks the station row to count its photos."""
    from django.core.files.base import ContentFile

    from nuanxin.kernel.photos import clean_photo

    station = Station.objects.select_for_update().select_related("region").get(pk=station.pk)
    check_can_edit(by, station)
    if StationPhoto.objects.filter(station=station).count() >= MAX_PHOTOS:
        raise DomainError(f"每个站点最多{MAX_PHOTOS}张照片，请先删除旧照片", field="photos")
    clean = clean_photo(data)
    photo = StationPhoto(station=station, caption=(caption or "").strip()[:100])
    photo.image.save("photo.jpg", ContentFile(clean.image), save=False)
    photo.thumb.save("photo_t.jpg", ContentFile(clean.thumb), save=False)
    photo.save()
    return photo


@transaction.atomic
def remove_photo(photo: StationPhoto, *, by: User) -> None:
    check_can_edit(by, photo.station)
    storage, names = photo.image.storage, [f.name for f in (photo.image, photo.thumb) if f]
    photo.delete()

    def delete_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)


def listen_to_finder(listener: Any) -> None:
    """Register `listener(lng=, lat=, request=)`, called by the finder page and the nearest
    API with the asked WGS-84 point (see `stations.hooks`): a higher layer (planning)
    counts demand without stations importing it."""
    from nuanxin.stations import hooks

    hooks.on_finder_query(listener)
