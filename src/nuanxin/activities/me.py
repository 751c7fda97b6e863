"""The rider's sign-ups on /me/."""

from __future__ import annotations

from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.activities.selectors import my_activities
from nuanxin.kernel.personal import Fact


def facts(user: User) -> list[Fact]:
    if not hasattr(user, "worker"):
        return []
    now = timezone.now()
    rows = [s for s in my_activities(user) if s.activity.starts_at >= now]
    details = tuple(
        f"{timezone.localtime(s.activity.starts_at):%m月%d日 %H:%M} {s.activity.title}"
        f"{'（候补）' if s.status == 'waitlisted' else ''}" for s in rows[:3])
    return [Fact("signups", "我的报名", f"{len(rows)} 项", "/activities/mine/", order=30,
                 details=details)]
