"""Public region look-ups: names and codes of regions are public information."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from nuanxin.kernel.coords import check_crs, to_wgs84
from nuanxin.regions import selectors
from nuanxin.regions.levels import Level

router = Router(tags=["行政区划"])


class RegionRef(Schema):
    code: str
    name: str
    level: str


class RegionOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    parent: RegionRef | None
    ancestors: list[RegionRef]
    counts: dict[str, int]
    lng: float | None
    lat: float | None


def _ref(r: object) -> RegionRef:
    return RegionRef(code=r.code, name=r.name, level=r.level)  # type: ignore[attr-defined]


class LocatedOut(Schema):
    code: str
    name: str
    level: str
    level_label: str


class LocateOut(Schema):
    matched: str
    place: str
    chain: list[LocatedOut]
    lng: float
    lat: float
    crs: str


@router.get("/regions/locate", response=LocateOut, auth=None,
            summary="坐标所在区划（市>县区>街道>社区>网格）")
def region_locate(request: HttpRequest, lat: float, lng: float, crs: str = "wgs84") -> LocateOut:
    """The regions whose boundaries contain the point; `matched` is "nearest" when (part of)
    the chain comes from the nearest region points instead. 400 outside the city."""
    c = check_crs(crs)
    wlng, wlat = to_wgs84(lng, lat, c)
    found = selectors.locate(wlng, wlat)
    return LocateOut(
        matched=found.matched, place=found.place, lng=lng, lat=lat, crs=c,
        chain=[LocatedOut(code=r.code, name=r.name, level=r.level,
                          level_label=Level(r.level).label) for r in found.chain])


@router.get("/regions/{code}", response=RegionOut, auth=None, summary="区划详情与下辖数量")
def region_detail(request: HttpRequest, code: str) -> RegionOut:
    region = selectors.get_region(code)
    return RegionOut(
        code=region.code, name=region.name, level=region.level,
        level_label=region.get_level_display(),
        parent=_ref(region.parent) if region.parent else None,
        ancestors=[_ref(a) for a in selectors.ancestors(region)[:-1]],
        counts=selectors.descendant_counts(region), lng=region.lng, lat=region.lat,
    )


@router.get("/regions/{code}/children", response=list[RegionRef], auth=None,
            summary="下一级区划列表")
def region_children(request: HttpRequest, code: str) -> list[RegionRef]:
    region = selectors.get_region(code)
    return [_ref(c) for c in selectors.children(region)]


@router.get("/regions", response=list[RegionRef], auth=None, summary="顶级区划")
def region_roots(request: HttpRequest) -> list[RegionRef]:
    return [_ref(r) for r in selectors.roots()]
