"""The points balance on the home page and /me/."""

from __future__ import annotations

from nuanxin.accounts.models import User
from nuanxin.kernel.personal import Fact
from nuanxin.points.selectors import balance_of


def facts(user: User) -> list[Fact]:
    return [Fact("points", "积分", str(balance_of(user)), "/points/", order=10)]
