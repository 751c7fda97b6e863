"""Reads of the inbox."""

from __future__ import annotations

from django.db.models import QuerySet

from nuanxin.accounts.models import User
from nuanxin.notifications.models import Notification


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
