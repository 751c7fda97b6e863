"""Reads of accounts."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from nuanxin.accounts.models import RoleAssignment, User
from nuanxin.accounts.phones import normalize_phone, phone_digest
from nuanxin.kernel.errors import DomainError


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("region").order_by("role")


def phone_match(term: str, *, path: str = "") -> Q | None:
    """A filter for people by phone as staff type it: the full number through the HMAC
    column, or its last four digits through the indexed `phone_last4`; None if `term` is
    neither. No row is ever decrypted to search. `path` leads from the model to the user
    ("user__" for a worker, "" for a user)."""
    digits = re.sub(r"[\s\-]", "", term or "").removeprefix("+86")
    if re.fullmatch(r"\d{4}", digits) or re.fullmatch(r"尾号\d{4}", digits):
        return Q(**{f"{path}phone_last4": digits[-4:]})
    if re.fullmatch(r"1\d{10}", digits):
        try:
            number = normalize_phone(digits)
        except DomainError:
            return None
        return Q(**{f"{path}phone_digest": phone_digest(number)})
    return None
