"""Reads for party building. Every list that shows who is a party member goes through
`member_rows`, which refuses anyone outside the organisation's scope and writes one access
log row per member shown (the privacy app's log), before the list is returned."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import PermissionDenied
from nuanxin.kernel.navigation import navigation_links
from nuanxin.party.models import (
    Candidate,
    CheckIn,
    CheckInStatus,
    Membership,
    Organisation,
    Stage,
    Step,
)
from nuanxin.party.scope import org_scope
from nuanxin.party.services import joined_on_of, record_org_of
from nuanxin.privacy.services import log_list_view
from nuanxin.regions.geo import haversine_m
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.stations.geo import distance_text

LOG_FIELD = "party_membership"
ACTIVE = (CheckInStatus.PENDING, CheckInStatus.CONFIRMED)


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    phone: str  # masked
    kind: str
    platform: str
    work_region: str
    record_org: str
    joined_on: date | None
    is_mobile: bool
    checkin_id: int | None = None
    checkin_org: str = ""
    basis: str = ""
    status: str = ""
    checked_in_at: str = ""


def organisations_for(user: User) -> QuerySet[Organisation]:
    """Organisations the user reaches (their own and those under them)."""
    return org_scope(user).filter(Organisation.objects.select_related("region"), "")


def require_org(user: User, org: Organisation) -> None:
    if not org_scope(user).covers(org):
        raise PermissionDenied(f"您不是{org.name}或其上级党组织的工作人员")


def _area_q(org: Organisation, prefix: str = "") -> Q:
    """Members who work (worker.work_region) or live (home_region) in the org's region."""
    return (subtree_q(org.region.path, f"{prefix}user__worker__work_region__path")
            | subtree_q(org.region.path, f"{prefix}home_region__path"))


def not_checked_in(org: Organisation) -> QuerySet[Membership]:
    """Declared members in the organisation's area with no pending or confirmed check-in."""
    active = CheckIn.objects.filter(user_id=OuterRef("user_id"), status__in=ACTIVE)
    return (Membership.objects.filter(_area_q(org)).filter(~Exists(active))
            .select_related("user", "user__worker", "user__worker__work_region")
            .order_by("declared_at", "id"))


def _membership_of(users: list[int]) -> dict[int, Membership]:
    return {m.user_id: m for m in Membership.objects.filter(user_id__in=users)}


def _row(user: User, m: Membership | None, c: CheckIn | None = None) -> MemberRow:
    worker = getattr(user, "worker", None)
    return MemberRow(
        user_id=user.pk, name=user.display_name, phone=user.phone_masked,
        kind=worker.get_kind_display() if worker else "",
        platform=worker.platform if worker else "",
        work_region=worker.work_region.name if worker else "",
        record_org=record_org_of(m) if m else "", joined_on=joined_on_of(m) if m else None,
        is_mobile=m.is_mobile if m else False,
        checkin_id=c.pk if c else None, checkin_org=c.organisation.name if c else "",
        basis=c.get_basis_display() if c else "", status=c.get_status_display() if c else "",
        checked_in_at=f"{c.created_at:%Y-%m-%d}" if c else "")


def member_rows(*, viewer: User, org: Organisation, which: str, purpose: str,
                channel: str = "page", ip_address: str | None = None,
                limit: int = 500) -> list[MemberRow]:
    """A member list of `org`'s subtree: `confirmed`, `pending` or `not_checked_in`.

    Refuses viewers outside the organisation's scope; logs every member shown.
    """
    require_org(viewer, org)
    if which == "not_checked_in":
        ms = list(not_checked_in(org)[:limit])
        rows = [_row(m.user, m) for m in ms]
    else:
        status = CheckInStatus.CONFIRMED if which == "confirmed" else CheckInStatus.PENDING
        cs = list(CheckIn.objects.filter(subtree_q(org.path, "organisation__path"), status=status)
                  .select_related("user", "user__worker", "user__worker__work_region",
                                  "organisation").order_by("-created_at", "-id")[:limit])
        by_user = _membership_of([c.user_id for c in cs])
        rows = [_row(c.user, by_user.get(c.user_id), c) for c in cs]
    if rows:
        log_list_view(viewer=viewer, subjects=[User(pk=r.user_id) for r in rows],
                      field=LOG_FIELD, purpose=purpose, channel=channel, ip_address=ip_address)
    return rows


# --- the member's own view -----------------------------------------------------------------

@dataclass(frozen=True)
class Mine:
    membership: Membership | None
    record_org: str
    joined_on: date | None
    checkins: list[CheckIn]

    @property
    def current(self) -> CheckIn | None:
        return next((c for c in self.checkins if c.status in ACTIVE), None)


def mine(user: User) -> Mine:
    m = Membership.objects.select_related("home_region").filter(user=user).first()
    checkins = list(CheckIn.objects.filter(user=user)
                    .select_related("organisation", "moved_to").order_by("-created_at", "-id"))
    return Mine(m, record_org_of(m) if m else "", joined_on_of(m) if m else None, checkins)


# --- member finds organisation -------------------------------------------------------------

@dataclass(frozen=True)
class NearOrg:
    org: Organisation
    metres: float
    distance: str
    links: dict[str, str]


def nearest(lng: float, lat: float, *, limit: int = 5, radius_km: float = 30) -> list[NearOrg]:
    """The nearest organisations that take check-ins, with distance and navigation links."""
    d = radius_km / 111.0
    rows = list(Organisation.objects.filter(lng__gte=lng - d * 1.3, lng__lte=lng + d * 1.3,
                                            lat__gte=lat - d, lat__lte=lat + d)
                .select_related("region"))
    found = sorted(((haversine_m(lng, lat, o.lng, o.lat), o) for o in rows),
                   key=lambda t: (t[0], t[1].pk))
    return [NearOrg(o, m, distance_text(m), navigation_links(o.name, o.lng, o.lat))
            for m, o in found if m <= radius_km * 1000][:limit]


# --- the pipeline --------------------------------------------------------------------------

def candidates_for(user: User) -> QuerySet[Candidate]:
    return (org_scope(user).filter(Candidate.objects.all())
            .select_related("user", "organisation").prefetch_related("steps"))


def steps_in(region: Region, start: date, end: date) -> QuerySet[Step]:
    """Steps dated in [start, end) by organisations in the region's subtree."""
    return Step.objects.filter(subtree_q(region.path, "organisation__region__path"),
                               on__gte=start, on__lt=end)


def counts_by_year(region: Region, start: date, end: date) -> dict[int, dict[str, int]]:
    """{year: {stage: n}} of steps taken in the region's subtree."""
    out: dict[int, Counter[str]] = {}
    for stage, on in steps_in(region, start, end).values_list("stage", "on"):
        out.setdefault(on.year, Counter())[stage] += 1
    return {y: {s: c.get(s, 0) for s in Stage.values} for y, c in sorted(out.items())}


def checked_in_count(region: Region, at: date | None = None) -> int:
    """Members whose confirmed check-in is at an organisation in the region's subtree."""
    qs = CheckIn.objects.filter(subtree_q(region.path, "organisation__region__path"),
                                status=CheckInStatus.CONFIRMED)
    if at is not None:
        qs = qs.filter(decided_at__date__lt=at)
    return qs.count()
