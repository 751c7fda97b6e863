"""Reads about workers: who is asking, their worker record, who an offer is for, and
workers inside the viewer's region scope."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from django.http import HttpRequest

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import staff_scope
from nuanxin.accounts.services import user_for_token
from nuanxin.kernel.errors import DomainError
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region


def optional_user(request: HttpRequest) -> User | None:
    """Who is asking on a public page or endpoint: the API's authenticated user, a bearer
    token, or the session; else nobody. The one helper every app uses."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, User):
        return auth
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip())
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def current_user(request: HttpRequest) -> User:
    """The signed-in user behind a page or endpoint that requires one (login_required or
    the API's auth ran first)."""
    user = optional_user(request)
    assert user is not None, "current_user() on a request without a signed-in user"
    return user


def worker_of(user: User | None) -> Worker | None:
    """The user's worker record (with the work region the eligibility checks read), if any."""
    if user is None:
        return None
    return Worker.objects.select_related("work_region").filter(user=user).first()


def workers_visible_to(viewer: User) -> QuerySet[Worker]:
    return staff_scope(viewer).filter(Worker.objects.select_related("user", "work_region"),
                                      "work_region")

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
