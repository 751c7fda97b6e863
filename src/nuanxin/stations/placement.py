"""Is a station where its region says? A warning for the operator, never a refusal.

Coordinates typed by hand or copied from another map (GCJ-02 pasted as WGS-84) often
land in the next community; the region code is usually right. So a station outside its
stated region's boundary is saved, and the operator is told where the point really is.
"""

from __future__ import annotations

from nuanxin.regions.models import Region
from nuanxin.regions.selectors import OutsideCity, is_within, locate


def outside_region_warning(region: Region | None, lng: float, lat: float) -> str:
    """A Chinese warning when (lng, lat) lies outside `region`, else ""."""
    if region is None or is_within(region, lng, lat):
        return ""
    try:
        where = locate(lng, lat)
    except OutsideCity:
        return f"坐标不在所属区划“{region.name}”内，也不在本市范围内，请核对经纬度与坐标系"
    return (f"坐标不在所属区划“{region.name}”内（定位在“{where.place or where.deepest.name}”），"
            f"请核对经纬度与坐标系")
