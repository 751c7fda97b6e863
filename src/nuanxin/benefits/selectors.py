"""Reads of benefits: programmes with their quota used, applications to review, the figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.benefits import rules
from nuanxin.benefits.models import (
    ACTIVE_APPLICATION,
    Application,
    ApplicationStatus,
    BenefitUse,
    Programme,
    ProgrammeKind,
)
from nuanxin.benefits.services import APPROVER_ROLES
from nuanxin.kernel.errors import DomainError
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q

KIND_ORDER = [ProgrammeKind.INSURANCE, ProgrammeKind.MEAL_DISCOUNT, ProgrammeKind.HEALTH_CHECK,
              ProgrammeKind.CHILD_CARE]


def programmes() -> QuerySet[Programme]:
    return Programme.objects.select_related("region").annotate(
        n_approved=Count("applications",
                         filter=Q(applications__status=ApplicationStatus.APPROVED)),
        n_pending=Count("applications",
                        filter=Q(applications__status=ApplicationStatus.PENDING)),
        kind_order=Case(*[When(kind=k, then=Value(i)) for i, k in enumerate(KIND_ORDER)],
                        default=Value(len(KIND_ORDER)), output_field=IntegerField()),
    ).order_by("kind_order", "-starts_on", "id")


def quota_left(p: Programme) -> int | None:
    if p.quota is None:
        return None
    used = getattr(p, "n_approved", None)
    return max(0, p.quota - (rules.approved_count(p) if used is None else used))


def why_not(p: Programme, worker: Worker | None,
            mine: Mapping[int, Application] | None = None) -> str:
    """'' when this worker may apply now, else the reason in Chinese.

    On a list, pass `mine` (my_applications) and `p` from programmes(): the checks then
    read those instead of querying once per programme.
    """
    if worker is None:
        return "登记为新就业群体后可申请"
    try:
        rules.check_open(p, timezone.localdate())
        rules.check_worker(p, worker)
        rules.check_not_covered(p, worker)
        rules.check_not_applied(p, worker, mine)
        rules.check_quota(p, getattr(p, "n_approved", None))
    except DomainError as e:
        return e.message
    return ""


def my_applications(user: User) -> dict[int, Application]:
    """The user's live application per programme (pending or approved)."""
    rows = Application.objects.filter(user=user, status__in=ACTIVE_APPLICATION)
    return {a.programme_id: a for a in rows}


def to_review(user: User, status: str = ApplicationStatus.PENDING) -> QuerySet[Application]:
    """Applications from workers in the reviewer's region, oldest first."""
    qs = Application.objects.select_related("programme", "user", "user__worker",
                                            "user__worker__work_region")
    scope = region_scope(user, roles=APPROVER_ROLES)
    return scope.filter(qs.filter(status=status), "user__worker__work_region").order_by("id")


@dataclass
class Figures:
    insured_people: int
    total_cover: Decimal
    meals_discounted: int
    health_checks: int
    child_care_days: int
    amount_saved: Decimal


def figures(region: Region | None = None) -> Figures:
    """What the department reports, counted from the records (by where people work)."""
    apps = Application.objects.filter(status=ApplicationStatus.APPROVED)
    uses = BenefitUse.objects.all()
    if region is not None:
        apps = apps.filter(subtree_q(region.path, "user__worker__work_region__path"))
        uses = uses.filter(subtree_q(region.path,
                                     "application__user__worker__work_region__path"))
    insured = apps.filter(programme__kind=ProgrammeKind.INSURANCE)
    cover = insured.aggregate(s=Sum("cover_amount"))["s"] or Decimal("0")
    by_kind = dict(uses.values_list("application__programme__kind").annotate(n=Count("id"))
                   .order_by())
    saved = uses.aggregate(s=Sum("amount_saved"))["s"] or Decimal("0")
    return Figures(
        insured_people=insured.values("user_id").distinct().count(), total_cover=cover,
        meals_discounted=by_kind.get(ProgrammeKind.MEAL_DISCOUNT, 0),
        health_checks=by_kind.get(ProgrammeKind.HEALTH_CHECK, 0),
        child_care_days=by_kind.get(ProgrammeKind.CHILD_CARE, 0), amount_saved=saved)
