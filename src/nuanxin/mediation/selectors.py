"""Reads: the mediator's list (masked), the dossier (logged), and the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.kernel.crypto import decrypt
from nuanxin.kernel.errors import NotFound
from nuanxin.mediation.models import (
    Agreement,
    Channel,
    DisputeType,
    FollowUp,
    MediationCase,
    Party,
    Result,
    Session,
    ViewLog,
)
from nuanxin.mediation.rules import LEVEL_LABEL, VIEW_ROLES, need_view
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.reports import selectors as cases
from nuanxin.reports.models import ReportEvent


def base() -> QuerySet[MediationCase]:
    return MediationCase.objects.select_related("intake_region", "case__region")


def visible(user: User) -> QuerySet[MediationCase]:
    """Cases whose current committee or intake place lies in the user's scope."""
    scope = region_scope(user, roles=VIEW_ROLES)
    if scope.is_empty:
        return base().none()
    return base().filter(scope.q("case__region") | scope.q("intake_region")).order_by(
        "-created_at", "-id")


def get_case(mediation_id: int) -> MediationCase:
    m = base().filter(pk=mediation_id).first()
    if m is None:
        raise NotFound("调解案件不存在", field="id")
    return m


@dataclass(frozen=True)
class PartyView:
    side: str
    name: str
    phone: str


@dataclass
class Dossier:
    case: MediationCase
    parties: list[PartyView]
    sessions: list[Session]
    agreement: Agreement | None
    follow_ups: list[FollowUp]
    timeline: list[ReportEvent]
    channels: list[str]


def dossier(*, viewer: User, mediation_id: int, what: str = "案卷",
            ip_address: str | None = None) -> Dossier:
    """The full dossier with the parties' names and phones; the view is logged first."""
    m = get_case(mediation_id)
    need_view(viewer, m)
    ViewLog.objects.create(mediation=m, viewer=viewer, what=what[:40], ip_address=ip_address)
    parties = [PartyView(p.get_side_display(), decrypt(p.name_cipher),
                         decrypt(p.phone_cipher) if p.phone_cipher else "")
               for p in Party.objects.filter(mediation=m)]
    return Dossier(
        case=m, parties=parties, sessions=list(m.sessions.select_related("mediator")),
        agreement=Agreement.objects.filter(mediation=m).first(),
        follow_ups=list(m.follow_ups.all()),
        timeline=cases.case_timeline(m.case_id) if m.case_id else [],
        channels=[Channel(c).label for c in m.channels.split(",") if c in Channel.values])


def masked_parties(m: MediationCase) -> str:
    return "、".join(p.name_masked for p in m.parties.all())


@dataclass(frozen=True)
class Figures:
    cases: int
    agreements: int
    failed: int
    success_rate: float | None
    finished: int
    on_time: int
    on_time_rate: float | None
    by_type: dict[str, int | float]
    by_level: dict[str, int | float]


def _period(start: date | None, end: date | None) -> Q:
    q = Q()
    tz = timezone.get_current_timezone()
    if start:
        q &= Q(created_at__gte=datetime.combine(start, time.min, tz))
    if end:
        q &= Q(created_at__lt=datetime.combine(end, time.min, tz))
    return q


def figures(region: Region, start: date | None = None, end: date | None = None) -> Figures:
    """Counted over cases taken in under `region`'s subtree, in [start, end) if given."""
    qs = MediationCase.objects.filter(subtree_q(region.path, "intake_region__path")).filter(
        _period(start, end))
    c = qs.aggregate(
        cases=Count("id"), agreements=Count("id", filter=Q(result=Result.AGREEMENT)),
        failed=Count("id", filter=Q(result=Result.FAILED)),
        finished=Count("id", filter=Q(case__finished_on_time__isnull=False)),
        on_time=Count("id", filter=Q(case__finished_on_time=True)))
    by_type = {r["dispute_type"]: r["n"] for r in qs.values("dispute_type").annotate(
        n=Count("id")).order_by()}
    by_level = {r["case__region__level"] or "": r["n"] for r in qs.values(
        "case__region__level").annotate(n=Count("id")).order_by()}
    done = c["agreements"] + c["failed"]
    return Figures(
        cases=c["cases"], agreements=c["agreements"], failed=c["failed"],
        success_rate=round(c["agreements"] / done, 4) if done else None,
        finished=c["finished"], on_time=c["on_time"],
        on_time_rate=round(c["on_time"] / c["finished"], 4) if c["finished"] else None,
        by_type={DisputeType(k).label: v for k, v in by_type.items()},
        by_level={LEVEL_LABEL.get(k, "待分级"): v for k, v in by_level.items()})
