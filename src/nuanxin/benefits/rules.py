"""Eligibility for a programme: pure checks with Chinese reasons, shared by API and pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from nuanxin.benefits.models import (
    ACTIVE_APPLICATION,
    Application,
    ApplicationStatus,
    Programme,
    ProgrammeKind,
)
from nuanxin.kernel.errors import Conflict, DomainError
from nuanxin.people.models import Worker
from nuanxin.people.selectors import check_worker_fits


def check_open(programme: Programme, today: date) -> None:
    if not programme.open_for_applications:
        raise DomainError("该项目暂停受理申请", field="programme", code="closed")
    if today < programme.starts_on:
        raise DomainError(f"该项目{programme.starts_on:%Y年%m月%d日}起受理申请",
                          field="programme", code="closed")
    if today > programme.ends_on:
        raise DomainError("该项目已结束", field="programme", code="closed")


def check_worker(programme: Programme, worker: Worker) -> None:
    check_worker_fits(worker, kinds=programme.kinds, region=programme.region, offer="该项目")
    if programme.requires_verified and not worker.real_name_verified:
        raise DomainError("请先完成实名认证再申请", field="real_name_verified",
                          code="not_verified")


def covering_insurance(worker: Worker, programme: Programme) -> Application | None:
    """An approved insurance of this worker whose period overlaps `programme`'s."""
    if programme.kind != ProgrammeKind.INSURANCE:
        return None
    return (Application.objects.select_related("programme")
            .filter(user_id=worker.user_id, status=ApplicationStatus.APPROVED,
                    programme__kind=ProgrammeKind.INSURANCE,
                    programme__starts_on__lte=programme.ends_on,
                    programme__ends_on__gte=programme.starts_on).first())


def check_not_covered(programme: Programme, worker: Worker) -> None:
    cover = covering_insurance(worker, programme)
    if cover is not None:
        raise Conflict(f"您已参加{cover.programme.name}（保障至{cover.programme.ends_on:%Y年%m月%d日}），"
                       "无需重复投保", field="programme")


def check_not_applied(programme: Programme, worker: Worker,
                      mine: Mapping[int, Application] | None = None) -> None:
    """`mine`: the worker's live applications by programme, when a list page has them."""
    applied = programme.pk in mine if mine is not None else Application.objects.filter(
        programme=programme, user_id=worker.user_id, status__in=ACTIVE_APPLICATION).exists()
    if applied:
        raise Conflict("您已申请该项目，请勿重复申请", field="programme")


def approved_count(programme: Programme) -> int:
    return Application.objects.filter(programme=programme,
                                      status=ApplicationStatus.APPROVED).count()


def check_quota(programme: Programme, approved: int | None = None) -> None:
    """`approved`: the count a list already has; otherwise counted now (as under the lock)."""
    if programme.quota is None:
        return
    if (approved_count(programme) if approved is None else approved) >= programme.quota:
        raise Conflict(f"该项目名额（{programme.quota}人）已满", field="programme")
