"""Writes for the inbox. Apps call `notify`; nothing else creates messages."""

from __future__ import annotations

from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.notifications.models import Notification


def notify(user: User, title: str, body: str, url: str = "") -> Notification:
    """Put one message in `user`'s inbox."""
    return Notification.objects.create(user=user, title=title[:100], body=body, url=url[:300])


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one message (or all when no id) of `user` read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
