"""What each app knows about the signed-in person, for the home page and /me/.

An app may have `me.py` with `facts(user) -> list[Fact]`, and optionally
`warnings(user) -> list[str]` for the staff home page (no central list to edit, like
`urls.HOME_LINKS`). A fact is one short line: "积分 120", "未读消息 3". Home-page tiles
that name a fact's `key` in "badge" show its value; tiles that name it in "requires" show
only when the app returned that fact (e.g. "我的站点" only for station operators).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nuanxin.kernel.plugins import app_modules


@dataclass(frozen=True)
class Fact:
    key: str  # "unread", "points", ...
    label: str  # "未读消息"
    value: str  # "3"
    url: str  # where to see more
    order: int = 100
    details: tuple[str, ...] = field(default=())  # a few lines under it on /me/
    alert: bool = False  # something wants attention (unread messages)


def facts(user: Any) -> list[Fact]:
    if not getattr(user, "is_authenticated", False):
        return []
    out: list[Fact] = []
    for _, module in app_modules("me"):
        out.extend(module.facts(user))
    return sorted(out, key=lambda f: f.order)


def warnings(user: Any) -> list[str]:
    """Sentences that staff should act on (e.g. next year's holidays not entered)."""
    if not getattr(user, "is_authenticated", False):
        return []
    out: list[str] = []
    for _, module in app_modules("me"):
        if hasattr(module, "warnings"):
            out.extend(module.warnings(user))
    return out
