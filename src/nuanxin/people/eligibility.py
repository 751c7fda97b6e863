"""Who an offer is for: the worker kinds and the region it names. Shared by activities,
benefits and anything else offered to a subset of workers."""

from __future__ import annotations

from collections.abc import Sequence

from nuanxin.core.errors import DomainError
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region


def kinds_label(kinds: Sequence[str]) -> str:
    """['courier', 'truck_driver'] -> '快递员、货车司机'; none -> every group."""
    return "、".join(WorkerKind(k).label for k in kinds) if kinds else "全部新就业群体"


def check_worker_fits(worker: Worker, *, kinds: Sequence[str], region: Region, offer: str,
                      kind_field: str = "kind") -> None:
    """Refuse, in Chinese, a worker of another kind or working outside `region`'s subtree."""
    if kinds and worker.kind not in kinds:
        raise DomainError(f"{offer}只面向{kinds_label(kinds)}，您登记的是{worker.get_kind_display()}",
                          field=kind_field, code="not_eligible")
    if not worker.work_region.path.startswith(region.path):
        raise DomainError(f"{offer}只面向在{region.name}工作的人员", field="region",
                          code="not_eligible")
