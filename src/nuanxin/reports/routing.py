"""Routing: where a report goes, from its location and its category.

The place is `regions.selectors.locate`: the grid (or community, where no grids are
drawn) whose boundary contains the point, the same answer every part of the system
gets. The category's handler kind then decides which level of that chain handles it
first: the grid (or community) itself, the community (property matters) or the township.
"""

from __future__ import annotations

from dataclasses import dataclass

from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import Location, locate
from nuanxin.reports.models import HandlerKind


@dataclass(frozen=True)
class Route:
    region: Region  # who handles it first
    home: Region  # the grid or community (or township) the place belongs to
    where: Location  # the whole chain, city to grid

    @property
    def place(self) -> str:
        """The full place the rider sees: 东城街道·东安社区·第1网格."""
        return self.where.place


def route(lng: float, lat: float, handler_kind: str) -> Route:
    """Raises regions' OutsideCity (a 400 naming `location`) for a point outside the city."""
    where = locate(lng, lat)
    home = where.deepest
    community = where.at(Level.VILLAGE)
    township = where.at(Level.TOWNSHIP)
    if handler_kind == HandlerKind.TOWNSHIP:
        handler = township or community or home
    elif handler_kind == HandlerKind.PROPERTY:
        handler = community or home
    else:
        handler = home
    rows = Region.objects.in_bulk({home.pk, handler.pk})
    return Route(region=rows[handler.pk], home=rows[home.pk], where=where)
