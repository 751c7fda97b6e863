"""API authentication: a bearer token (apps) or the page session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from nuanxin.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
            request.auth_token = token  # type: ignore[attr-defined]
        return user


# Bearer first (apps), then the session (pages, with CSRF on writes).
DEFAULT_AUTH: list[Any] = [TokenAuth(), SessionAuth()]

