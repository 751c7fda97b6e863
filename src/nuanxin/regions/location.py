"""The answer to "where is this?": the chain city > county > township > village > grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nuanxin.regions.levels import Level

Matched = Literal["boundary", "nearest"]
# What a full place shows, from the township down ("东城街道·东安社区·第1网格").
PLACE_LEVELS = (Level.TOWNSHIP, Level.VILLAGE, Level.GRID)
_SUFFIXES = (("村民委员会", "村"), ("村委会", "村"), ("社区居民委员会", "社区"),
             ("社区居委会", "社区"), ("居民委员会", ""), ("居委会", ""))


def short_name(name: str) -> str:
    """What people call a village or community: 东安社区居委会 -> 东安社区, X村委会 -> X村."""
    for suffix, keep in _SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            return base if (not keep or base.endswith(keep)) else base + keep
    return name


@dataclass(frozen=True)
class LocatedRegion:
    pk: int
    code: str
    name: str
    level: str

    @property
    def short_name(self) -> str:
        return short_name(self.name)


@dataclass(frozen=True)
class Location:
    """The regions containing a point, top-down, and how they were found.

    matched is "boundary" when the deepest region's boundary contains the point, and
    "nearest" when (part of) the chain comes from the nearest region points instead
    (no boundary drawn there).
    """

    chain: tuple[LocatedRegion, ...]
    matched: Matched
    lng: float
    lat: float

    @property
    def deepest(self) -> LocatedRegion:
        return self.chain[-1]

    def at(self, level: str) -> LocatedRegion | None:
        return next((r for r in self.chain if r.level == level), None)

    @property
    def place(self) -> str:
        """The full place a person recognises: 东城街道·东安社区·第1网格."""
        parts = [r.short_name for r in self.chain if r.level in PLACE_LEVELS]
        if not parts:
            parts = [r.name for r in self.chain[-1:]]
        return "·".join(parts)
