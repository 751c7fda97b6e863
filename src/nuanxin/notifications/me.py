"""The inbox's line on the home page and /me/."""

from __future__ import annotations

from nuanxin.accounts.models import User
from nuanxin.kernel.personal import Fact
from nuanxin.notifications.selectors import unread_count


def facts(user: User) -> list[Fact]:
    n = unread_count(user)
    return [Fact("unread", "未读消息", str(n), "/inbox/", order=20, alert=n > 0)]
