"""The calendar's warning on the staff home page (see core.personal)."""

from __future__ import annotations

from nuanxin.accounts.models import User
from nuanxin.kernel.personal import Fact
from nuanxin.workcalendar.selectors import calendar_warning


def facts(user: User) -> list[Fact]:
    return []


def warnings(user: User) -> list[str]:
    if not user.is_staff:
        return []
    text = calendar_warning()
    return [text] if text else []
