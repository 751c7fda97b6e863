"""Reads of accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from nuanxin.accounts.models import RoleAssignment, User


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("region").order_by("role")
