"""Submitting a report, following one, and the deadlines a category sets.

Handler and reporter actions live in `actions.py`; the scheduled job in `escalation.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.kernel import photos as photo_store
from nuanxin.kernel.coords import to_wgs84
from nuanxin.kernel.crypto import encrypt
from nuanxin.kernel.errors import DomainError, NotFound
from nuanxin.regions.models import Region
from nuanxin.reports.models import (
    Category,
    DeadlineUnit,
    HandlerKind,
    Origin,
    Report,
    ReportPhoto,
    Supporter,
)
from nuanxin.reports.ratelimit import SubmissionSlot
from nuanxin.reports.routing import route
from nuanxin.reports.states import OPEN_STATES, WORKING
from nuanxin.reports.timeline import record, tell_handlers, tell_reporter
from nuanxin.workcalendar.selectors import add_working_hours


@dataclass
class Submission:
    category_code: str
    description: str
    photos: list[bytes]
    lng: float | None = None
    lat: float | None = None
    crs: str = "wgs84"
    address: str = ""
    anonymous: bool = False
    idempotency_key: str = ""
    location_source: str = "gps"
    require_photo: bool = True  # Open311 clients send a media_url instead, never fetched
    rate_limited: bool = True  # Open311 keys have their own per-key limit


def accept_due(category: Category, start: datetime) -> datetime:
    return add_working_hours(start, category.accept_hours)


def resolve_due(category: Category, start: datetime) -> datetime:
    return add_working_hours(start, category.resolve_hours)


def get_category(code: str) -> Category:
    cat = Category.objects.filter(code=code, active=True).first()
    if cat is None:
        raise DomainError(f"类别“{code}”不存在或已停用", field="category")
    return cat


def _validate(sub: Submission) -> str:
    description = (sub.description or "").strip()
    if len(description) < 5:
        raise DomainError("请用至少5个字描述问题", field="description")
    if len(description) > 500:
        raise DomainError("问题描述不能超过500字", field="description")
    key = (sub.idempotency_key or "").strip()
    if len(key) > 64:
        raise DomainError("Idempotency-Key 不能超过64个字符", field="Idempotency-Key")
    if not sub.photos and sub.require_photo:
        raise DomainError("请至少上传1张照片", field="photos")
    return description


def _location(sub: Submission, gps_from_photo: tuple[float, float] | None) -> tuple[float, float, str]:
    if sub.lng is not None and sub.lat is not None:
        if not (-180 <= sub.lng <= 180 and -90 <= sub.lat <= 90):
            raise DomainError("经纬度超出范围", field="location")
        lng, lat = to_wgs84(sub.lng, sub.lat, sub.crs)
        return lng, lat, sub.location_source if sub.location_source in ("gps", "map") else "gps"
    if gps_from_photo is not None:
        return gps_from_photo[0], gps_from_photo[1], "exif"
    raise DomainError("请提供位置：打开定位，或上传带定位信息的照片", field="location")


def existing_for_key(reporter: User, key: str) -> Report | None:
    if not key:
        return None
    return Report.objects.filter(reporter=reporter, idempotency_key=key).first()


def submit_report(*, reporter: User, sub: Submission, client_ip: str = "") -> tuple[Report, bool]:
    """File a report; returns (report, created). A repeated Idempotency-Key returns the first.

    Photos are validated in memory before anything is written. The unique constraint on
    (reporter, idempotency_key) settles a race between two identical retries; only a report
    actually created keeps its place in the hourly limit (`ratelimit.SubmissionSlot`).
    """
    key = (sub.idempotency_key or "").strip()
    earlier = existing_for_key(reporter, key)
    if earlier is not None:
        return earlier, False
    description = _validate(sub)
    category = get_category(sub.category_code)
    cleaned = photo_store.clean_all(sub.photos)
    lng, lat, source = _location(sub, cleaned[0].gps if cleaned else None)
    where = route(lng, lat, category.handler_kind)
    now = timezone.now()
    written: list[str] = []
    slot: SubmissionSlot | None = None
    try:
        with transaction.atomic():
            report = Report.objects.create(
                category=category, description=description, reporter=reporter,
                anonymous=sub.anonymous, lng=round(lng, 7), lat=round(lat, 7),
                location_source=source, address=sub.address.strip()[:200], region=where.region,
                home_region=where.home, handler_kind=category.handler_kind,
                accept_due_at=accept_due(category, now), idempotency_key=key, created_at=now,
            )
            # Counted only once this INSERT holds the key: a concurrent retry of the same key
            # waits on it and then returns this report without touching the limit.
            if sub.rate_limited:
                slot = SubmissionSlot(reporter.pk, client_ip)
            for photo in cleaned:
                image, thumb = photo_store.store(photo)
                written += [image, thumb]
                ReportPhoto.objects.create(report=report, image=image, thumb=thumb,
                                           width=photo.width, height=photo.height)
            record(report, "submitted", actor=reporter, to_region=where.region, at=now,
                   text=f"已分派至{where.region.name}")
            tell_reporter(report, "已受理", f"您的随手拍已提交（{where.place}），分派至{where.region.name}，"
                          f"请留意办理进度。")
            tell_handlers(report, where.region, "新随手拍待签收",
                          f"{category.name}：{description[:40]}")
    except IntegrityError:
        photo_store.remove(written)
        if slot is not None:
            slot.release()
        again = existing_for_key(reporter, key)
        if again is None:
            raise
        return again, False
    except Exception:
        photo_store.remove(written)
        if slot is not None:
            slot.release()
        raise
    return report, True


def add_photos(report: Report, files: list[bytes], kind: str) -> list[ReportPhoto]:
    """Attach cleaned photos (e.g. of the fix); caller holds the report lock."""
    cleaned = photo_store.clean_all(files)
    made = []
    for photo in cleaned:
        image, thumb = photo_store.store(photo)
        made.append(ReportPhoto.objects.create(report=report, kind=kind, image=image,
                                               thumb=thumb, width=photo.width,
                                               height=photo.height))
    return made


def follow_report(*, user: User, report_id: int) -> Supporter:
    """'Same problem? follow it': the user supports an open report instead of filing again."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        raise NotFound("随手拍不存在", field="id")
    if report.status not in (*OPEN_STATES, *WORKING):
        raise DomainError("该问题已办结，无需关注，如仍存在请重新提交", field="id")
    if report.reporter_id == user.pk:
        raise DomainError("这是您自己提交的随手拍", field="id")
    supporter, created = Supporter.objects.get_or_create(report=report, user=user)
    if created:
        record(report, "follow", actor=user, text="又一位骑手反映了同一问题")
    return supporter


def run_deadline_ladder() -> str:
    """One pass of the deadline ladder (warnings, escalation, auto-closing): the periodic job.
    Idempotent: each report is re-checked under its own lock."""
    from nuanxin.reports.escalation import tick

    result = tick()
    return (f"warned {result.warned}, escalated {result.escalated}, "
            f"closed {result.closed}, overdue at top {result.overdue_at_top}")


# --- Cases opened by other process apps (market-day requests, mediation) ---------------


def case_category(*, city: Region, code: str, name: str, accept_hours: int,
                  resolve_days: int) -> Category:
    """The catalogue entry that sets a kind of case's deadlines, made once per city.

    It is inactive, so riders never see it in the snap-report form; admins may still
    edit its deadlines like any other category's.
    """
    cat, _ = Category.objects.get_or_create(city=city, code=code, defaults={
        "name": name, "handler_kind": HandlerKind.COMMUNITY, "accept_hours": accept_hours,
        "resolve_amount": resolve_days, "resolve_unit": DeadlineUnit.DAYS, "active": False,
        "description": f"{name}（由其他业务转入的工单，不在随手拍中显示）", "sort": 900})
    return cat


def open_case(*, origin: str, origin_ref: str, reporter: User, category: Category,
              description: str, lng: float, lat: float, region: Region | None = None,
              home_region: Region | None = None, address: str = "", contact_phone: str = "",
              at: datetime | None = None) -> Report:
    """Open a case on the report lifecycle for another app; the caller checked its own scope.

    `region` is who handles it first (else routed from the point, as snap reports are);
    from there the same deadlines, warnings, escalation, reply and 回访 apply. Runs in the
    caller's transaction, so a refused step upstream leaves no case behind.
    """
    if origin not in Origin.values or origin == Origin.SNAP:
        raise DomainError("工单来源不正确", field="origin")
    description = (description or "").strip()
    if len(description) < 5:
        raise DomainError("请用至少5个字描述问题", field="description")
    if region is None:
        where = route(lng, lat, category.handler_kind)
        region, home_region = where.region, where.home
    now = at or timezone.now()
    with transaction.atomic():
        report = Report.objects.create(
            category=category, description=description[:500], reporter=reporter,
            anonymous=True, lng=round(lng, 7), lat=round(lat, 7), location_source="map",
            address=address.strip()[:200], region=region, home_region=home_region or region,
            handler_kind=category.handler_kind, accept_due_at=accept_due(category, now),
            origin=origin, origin_ref=origin_ref[:60],
            contact_cipher=encrypt(contact_phone) if contact_phone else "", created_at=now)
        record(report, "submitted", actor=reporter, to_region=region, at=now,
               text=f"{Origin(origin).label}转为工单，已分派至{region.name}")
        due = timezone.localtime(report.accept_due_at)
        tell_reporter(report, "已受理", f"您反映的问题已转为工单{report.number}，由{region.name}"
                      f"办理，{due:%m月%d日 %H:%M}前签收")
        tell_handlers(report, region, f"新{Origin(origin).label}工单待签收", description[:40])
    return report


CASE_STEPS = ("accept", "start", "reply", "resolve", "rate")


def act_on_case(*, user: User, case_id: int, step: str, text: str = "",
                rating: str = "") -> Report:
    """One step of a case through the lifecycle's own actions (their locks and checks).

    Lock: the report row, taken by the action. `rating` is for the 回访 step ("rate").
    """
    from nuanxin.reports import actions  # actions build on this module's deadlines

    if step not in CASE_STEPS:
        raise DomainError("不支持的办理步骤", field="step")
    if step == "accept":
        return actions.accept(user=user, report_id=case_id)
    if step == "start":
        return actions.start(user=user, report_id=case_id)
    if step == "reply":
        return actions.reply(user=user, report_id=case_id, text=text)
    if step == "resolve":
        return actions.resolve(user=user, report_id=case_id, text=text)
    return actions.rate(user=user, report_id=case_id, rating=rating, comment=text)

# "门岗不放行" from the access app: the catalogue's property matter 小区进门难, which goes to the
# community and its property company.
GATE_REFUSAL_CATEGORY = "gated_access"


def ensure_category(*, city: Region, code: str) -> Category:
    """The city's active category `code`, adding the default catalogue's entries if missing."""
    from nuanxin.reports.catalogue import ensure_catalogue

    ensure_catalogue(city)
    return get_category(code)
