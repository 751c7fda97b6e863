"""API shapes for reports. Coordinates go out in the CRS the caller asked for."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from nuanxin.kernel.coords import from_wgs84
from nuanxin.regions.selectors import place_of
from nuanxin.reports.models import Category, Report, ReportEvent
from nuanxin.reports.selectors import Figures, current_due, is_overdue, public_point
from nuanxin.reports.states import Status
from nuanxin.reports.timeline import EVENT_LABELS


class CategoryOut(Schema):
    code: str
    name: str
    description: str
    handler_kind: str
    deadline: str


def category_out(c: Category) -> CategoryOut:
    return CategoryOut(code=c.code, name=c.name, description=c.description,
                       handler_kind=c.get_handler_kind_display(), deadline=c.deadline_text)


class PhotoOut(Schema):
    kind: str
    url: str
    thumb_url: str


class EventOut(Schema):
    kind: str
    label: str
    text: str
    at: datetime
    public: bool
    actor: str | None = None


class ReportOut(Schema):
    id: int
    number: str
    category: str
    category_name: str
    description: str
    status: str
    status_label: str
    lng: float
    lat: float
    crs: str
    address: str
    region: str
    region_name: str
    place: str  # the full place of the spot: 东城街道·东安社区·第1网格
    reporter: str
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    reply: str
    rating: str
    supporters: int
    photos: list[PhotoOut]
    timeline: list[EventOut]


def event_out(e: ReportEvent, *, internal: bool) -> EventOut:
    actor = None
    if internal and e.actor is not None:
        actor = e.actor.display_name or e.actor.phone_masked
    return EventOut(kind=e.kind, label=EVENT_LABELS.get(e.kind, e.kind), text=e.text,
                    at=e.created_at, public=e.public, actor=actor)


def report_out(r: Report, events: list[ReportEvent], *, crs: str = "wgs84",
               internal: bool = False, own: bool = False, photos: bool = True) -> ReportOut:
    """`internal`: a handler; `own`: the reporter. Everyone else sees no name, a point
    rounded to about 10 m, and photos only when `photos` (after a handler accepted it)."""
    lng, lat = from_wgs84(r.lng, r.lat, crs)
    if internal or own:
        lng, lat = round(lng, 7), round(lat, 7)
        who = r.reporter.display_name or "骑手"
    else:
        lng, lat = public_point(lng, lat)
        who = "匿名骑手" if r.anonymous else "骑手"
    return ReportOut(
        id=r.pk, number=r.number, category=r.category.code, category_name=r.category.name,
        description=r.description, status=r.status, status_label=Status(r.status).label,
        lng=lng, lat=lat, crs=crs, address=r.address,
        region=r.region.code, region_name=r.region.name, place=place_of(r.home_region),
        reporter=who, created_at=r.created_at,
        due_at=current_due(r), overdue=is_overdue(r),
        reply=r.reply, rating=r.rating, supporters=r.supporters.count(),
        photos=[PhotoOut(kind=p.kind, url=f"/reports/photo/{p.pk}/full",
                         thumb_url=f"/reports/photo/{p.pk}/thumb")
                for p in (r.photos.all() if photos or internal or own else [])],
        timeline=[event_out(e, internal=internal) for e in events],
    )


class ReportBrief(Schema):
    id: int
    number: str
    category_name: str
    description: str
    status: str
    status_label: str
    region_name: str
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    escalations: int


def brief(r: Report) -> ReportBrief:
    return ReportBrief(id=r.pk, number=r.number, category_name=r.category.name,
                       description=r.description[:80], status=r.status,
                       status_label=Status(r.status).label, region_name=r.region.name,
                       created_at=r.created_at, due_at=current_due(r),
                       overdue=is_overdue(r), escalations=r.escalations)


class NearbyOut(Schema):
    id: int
    number: str
    description: str
    status_label: str
    distance_m: int
    supporters: int


class TextIn(Schema):
    text: str = Field("", max_length=1000)
    genuine: bool = True


class ReasonIn(Schema):
    reason: str = Field("", max_length=1000)
    note: str = Field("", max_length=500)


class TransferIn(Schema):
    region: str = Field(..., max_length=20)
    reason: str = Field("", max_length=500)


class ExtendIn(Schema):
    hours: int
    reason: str = Field("", max_length=200)


class DecideIn(Schema):
    grant: bool
    note: str = Field("", max_length=200)


class RateIn(Schema):
    rating: str
    comment: str = Field("", max_length=200)


class FiguresOut(Schema):
    """`selectors.Figures` as sent: the same fields, the region by code and name."""

    region: str
    region_name: str
    total: int
    open: int
    overdue: int
    due_soon: int
    returned: int
    escalated: int
    on_time_rate: float | None
    satisfaction_rate: float | None

    @staticmethod
    def resolve_region(f: Figures) -> str:
        return f.region.code

    @staticmethod
    def resolve_region_name(f: Figures) -> str:
        return f.region.name
