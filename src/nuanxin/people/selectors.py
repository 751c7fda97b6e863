"""Reads of workers, always inside the viewer's region scope."""

from __future__ import annotations

from django.db.models import QuerySet

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import staff_scope
from nuanxin.people.models import Worker


def workers_visible_to(viewer: User) -> QuerySet[Worker]:
    return staff_scope(viewer).filter(Worker.objects.select_related("user", "work_region"),
                                      "work_region")
