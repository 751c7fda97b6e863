"""Reads of workers, always inside the viewer's region scope."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import staff_scope
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q


def workers_visible_to(viewer: User) -> QuerySet[Worker]:
    return staff_scope(viewer).filter(Worker.objects.select_related("user", "work_region"),
                                      "work_region")


def worker_counts_by_kind(region: Region) -> dict[str, int]:
    rows = (
        Worker.objects.filter(subtree_q(region.path, "work_region__path"))
        .values("kind").annotate(n=Count("id")).order_by()
    )
    return {r["kind"]: r["n"] for r in rows}
