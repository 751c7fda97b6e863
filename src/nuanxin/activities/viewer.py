"""Who is asking: the user on a public endpoint (bearer token or session, else nobody) and
the worker record behind them, looked up one way for activities and benefits alike."""

from __future__ import annotations

from django.http import HttpRequest

from nuanxin.accounts.models import User
from nuanxin.accounts.services import user_for_token
from nuanxin.people.models import Worker


def optional_user(request: HttpRequest) -> User | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip())
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def worker_of(user: User | None) -> Worker | None:
    """The user's worker record (with the work region the eligibility checks read), if any."""
    if user is None:
        return None
    return Worker.objects.select_related("work_region").filter(user=user).first()
