"""Station operators' way to their stations (no one else sees the tile)."""

from __future__ import annotations

from nuanxin.accounts.models import User
from nuanxin.kernel.personal import Fact
from nuanxin.stations.selectors import stations_of


def facts(user: User) -> list[Fact]:
    n = stations_of(user).count()
    if not n:
        return []
    return [Fact("my_stations", "我负责的站点", f"{n} 个", "/stations/mine/", order=60)]
