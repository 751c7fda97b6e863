"""Public region look-ups: names and codes of regions are public information."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from nuanxin.regions import selectors

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
