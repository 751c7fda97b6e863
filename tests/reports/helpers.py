"""Small builders for report tests: JPEG bytes with or without EXIF GPS, reports in a state."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from nuanxin.accounts.models import User
from nuanxin.regions.models import Region
from nuanxin.reports.models import Category, Report
from nuanxin.reports.states import Status

GRID_POINT = (115.4921, 35.2411)  # the mini tree's grid 371702001001001


def dms(value: float) -> tuple[float, float, float]:
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 4)
    return float(d), float(m), s


def jpeg(*, gps: tuple[float, float] | None = None, size: tuple[int, int] = (64, 48),
         orientation: int | None = None, color: str = "red") -> bytes:
    img = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make: any EXIF that must be stripped
    if orientation:
        exif[0x0112] = orientation
    if gps:
        lng, lat = gps
        exif.get_ifd(0x8825).update({1: "N", 2: dms(lat), 3: "E", 4: dms(lng)})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "PNG")
    return out.getvalue()


def make_report(*, category: Category, reporter: User, region: Region,
                status: str = Status.SUBMITTED, **extra: object) -> Report:
    """A report row in any state, for transition tests (routing is tested separately)."""
    now = timezone.now()
    fields: dict[str, object] = {
        "accept_due_at": now + timedelta(hours=4),
        "resolve_due_at": now + timedelta(days=3) if status != Status.SUBMITTED else None,
        "accepted_at": now if status not in (Status.SUBMITTED, Status.RETURNED) else None,
        "finished_at": now if status in (Status.RESOLVED, Status.ANSWERED) else None,
    }
    fields.update(extra)
    return Report.objects.create(
        category=category, description="路口井盖缺失，夜里很危险", reporter=reporter,
        lng=GRID_POINT[0], lat=GRID_POINT[1], region=region, home_region=region,
        handler_kind=category.handler_kind, status=status, created_at=now, **fields,
    )
