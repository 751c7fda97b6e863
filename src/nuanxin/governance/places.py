"""Where a point lies, through the one places selector (regions.selectors.locate); a point
outside the city is refused with the caller's field name."""

from __future__ import annotations

from nuanxin.kernel.errors import DomainError
from nuanxin.regions import selectors as region_selectors
from nuanxin.regions.models import Region
from nuanxin.regions.paths import codes_of


def locate(lng: float, lat: float, *, field: str = "location") -> Region:
    """The most precise region holding (lng, lat) WGS-84, or a refusal naming `field`."""
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise DomainError("经纬度超出范围", field=field)
    try:
        return region_selectors.deepest_region_at(lng, lat)  # the one "where is this" selector
    except region_selectors.OutsideCity as e:
        raise DomainError(e.message, field=field) from None


def within(region: Region, ancestor: Region) -> bool:
    return region.path.startswith(ancestor.path)


def city_of(region: Region) -> Region:
    return region_selectors.get_region(codes_of(region.path)[0])
