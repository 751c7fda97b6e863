"""Who is asking on a public endpoint: a bearer token or the session, else nobody."""

from __future__ import annotations

from django.http import HttpRequest

from nuanxin.accounts.models import User
from nuanxin.accounts.services import user_for_token


def optional_user(request: HttpRequest) -> User | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip())
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None
