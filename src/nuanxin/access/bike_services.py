"""Access bikes (畅行自行车): add points and bikes, sign out, return, overdue, damage.

Lock: signing out and returning take the bike row with `select_for_update()` and re-check it
inside the transaction; the partial unique constraints on open trips (one per bike, one per
rider) are the database's own backstop, so a bike is never out twice.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.access.models import Bike, Community, Damage, ParkingPoint, Trip
from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import Role
from nuanxin.kernel import photos
from nuanxin.kernel.coords import check_point
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.notifications.services import notify
from nuanxin.people.models import Worker

MANAGE_ROLES = {Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN,
                Role.PROPERTY_COMPANY}


def _code() -> str:
    return secrets.token_urlsafe(9)


def _need_manager(user: User, community: Community) -> None:
    if not can(user, MANAGE_ROLES, community.region):
        raise PermissionDenied("只有本社区、上级或物业可以管理畅行自行车")


def add_point(*, user: User, community: Community, name: str, lng: float,
              lat: float) -> ParkingPoint:
    _need_manager(user, community)
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise DomainError("请填写停放点名称（60字以内）", field="name")
    check_point(lng, lat)
    return ParkingPoint.objects.create(community=community, name=name, code=_code(), lng=lng,
                                       lat=lat)


def add_bike(*, user: User, community: Community, number: str, point: ParkingPoint) -> Bike:
    _need_manager(user, community)
    number = (number or "").strip()
    if not number or len(number) > 20:
        raise DomainError("请填写车号（20字以内）", field="number")
    if point.community_id != community.pk:
        raise DomainError("停放点不属于该社区", field="point")
    if Bike.objects.filter(community=community, number=number).exists():
        raise Conflict(f"车号“{number}”已存在", field="number")
    return Bike.objects.create(community=community, number=number, code=_code(), point=point)


def _rider(user: User) -> None:
    worker = Worker.objects.filter(user=user).only("real_name_verified").first()
    if worker is None or not worker.real_name_verified:
        raise DomainError("畅行自行车仅供实名认证的骑手借用", field="worker")


def sign_out(*, user: User, bike_code: str, now: datetime | None = None) -> Trip:
    """Take the bike whose QR was scanned. Locks the bike row; a second taker is refused."""
    now = now or timezone.now()
    _rider(user)
    try:
        with transaction.atomic():
            bike = (Bike.objects.select_for_update().select_related("community")
                    .filter(code=bike_code).first())
            if bike is None:
                raise NotFound("没有这辆车（二维码无效）", field="bike")
            if not bike.community.opted_in:
                raise DomainError("该社区已暂停畅行自行车", field="bike")
            if not bike.in_service:
                raise DomainError(f"{bike.number}号车已报修，暂停使用", field="bike")
            if bike.rider_id is not None:
                raise Conflict(f"{bike.number}号车已被借出", field="bike")
            if Trip.objects.filter(rider=user, ended_at__isnull=True).exists():
                raise Conflict("您已借用一辆车，请先归还", field="bike")
            trip = Trip.objects.create(
                bike=bike, rider=user, from_point=bike.point, started_at=now,
                due_at=now + timedelta(minutes=bike.community.bike_minutes))
            bike.rider, bike.point = user, None
            bike.save(update_fields=["rider", "point"])
    except IntegrityError:  # the partial unique constraints caught a race the lock missed
        raise Conflict("该车或您已有未归还的借用", field="bike") from None
    return trip


def return_bike(*, user: User, point_code: str, now: datetime | None = None) -> Trip:
    """Return the rider's bike at the parking point whose QR was scanned (any point of the
    bike's community). Locks the bike row."""
    now = now or timezone.now()
    point = ParkingPoint.objects.select_related("community").filter(code=point_code).first()
    if point is None:
        raise NotFound("没有这个停放点（二维码无效）", field="point")
    with transaction.atomic():
        trip = Trip.objects.filter(rider=user, ended_at__isnull=True).first()
        if trip is None:
            raise DomainError("您当前没有借用中的车", field="point")
        bike = Bike.objects.select_for_update().get(pk=trip.bike_id)
        if bike.community_id != point.community_id:
            raise DomainError("请还到本社区的停放点", field="point")
        trip = Trip.objects.get(pk=trip.pk)
        if trip.ended_at is not None:
            raise Conflict("这次借用已归还", field="point")
        trip.ended_at, trip.to_point = now, point
        if now > trip.due_at:
            trip.overdue = True
        trip.save(update_fields=["ended_at", "to_point", "overdue"])
        bike.rider, bike.point = None, point
        bike.save(update_fields=["rider", "point"])
    return trip


def flag_overdue(*, now: datetime | None = None) -> int:
    """Flag open trips past their due time and remind each rider once. Idempotent: the
    conditional UPDATE lets only one run flag (and notify for) a trip."""
    now = now or timezone.now()
    flagged = 0
    for trip in Trip.objects.filter(ended_at__isnull=True, overdue=False, due_at__lt=now
                                    ).select_related("bike", "rider"):
        with transaction.atomic():
            if Trip.objects.filter(pk=trip.pk, overdue=False).update(overdue=True):
                notify(trip.rider, "畅行自行车已超时",
                       f"您借用的{trip.bike.number}号车已超过归还时间，请尽快还到社区停放点。",
                       "/access/bikes/")
                flagged += 1
    return flagged


def report_damage(*, user: User, bike_code: str, note: str, photo: bytes,
                  now: datetime | None = None) -> Damage:
    """A photo of the damage takes the bike out of service until it is repaired."""
    now = now or timezone.now()
    note = (note or "").strip()
    if len(note) < 2 or len(note) > 200:
        raise DomainError("请描述损坏情况（2到200字）", field="note")
    if not photo:
        raise DomainError("请拍一张损坏处的照片", field="photo")
    if Bike.objects.filter(code=bike_code).first() is None:
        raise NotFound("没有这辆车（二维码无效）", field="bike")
    [(image, thumb)] = [photos.store(p) for p in photos.clean_all([photo])]
    try:
        with transaction.atomic():
            bike = Bike.objects.select_for_update().get(code=bike_code)
            damage = Damage.objects.create(bike=bike, reporter=user, note=note, photo=image,
                                           photo_thumb=thumb, created_at=now)
            if bike.in_service:
                bike.in_service = False
                bike.save(update_fields=["in_service"])
    except Exception:
        photos.remove([image, thumb])
        raise
    return damage


def repair(*, user: User, bike_code: str, now: datetime | None = None) -> Bike:
    now = now or timezone.now()
    with transaction.atomic():
        bike = Bike.objects.select_for_update().select_related("community").filter(
            code=bike_code).first()
        if bike is None:
            raise NotFound("没有这辆车", field="bike")
        _need_manager(user, bike.community)
        Damage.objects.filter(bike=bike, repaired_at__isnull=True).update(repaired_at=now)
        bike.in_service = True
        bike.save(update_fields=["in_service"])
    return bike
