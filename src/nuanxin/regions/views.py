"""The staff boundary map: a region and its children's boundaries, drill-down by click."""

from __future__ import annotations

import json
from typing import Any

import shapely
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nuanxin.accounts.permissions import staff_scope
from nuanxin.kernel.maps import map_data, tile_source
from nuanxin.regions import selectors, shapes
from nuanxin.regions.models import Region

GENERATED_NOTE = "示意边界：虚线为演示生成的边界，非官方划界"


def _in_tiles(feature: dict[str, Any], crs: str) -> dict[str, Any]:
    geom = shapes.from_wgs84(shapely.geometry.shape(feature["geometry"]), crs)
    return {**feature, "geometry": json.loads(shapely.to_geojson(geom))}


@login_required
def boundary_map(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Staff with a role over a region see its boundary and its children's (their scope)."""
    scope = staff_scope(request.user)
    if scope.is_empty:
        raise Http404("只有工作人员可以查看区划边界")
    if code is None:
        tops = (list(selectors.roots()) if scope.everything
                else list(Region.objects.filter(path__in=scope.paths).order_by("path")))
        region = tops[0] if tops else None
    else:
        region = Region.objects.filter(code=code).select_related("parent").first()
    if region is None or not scope.covers(region):
        raise Http404("区划不存在或不在您的辖区内")
    crs = tile_source().crs
    kids = selectors.children_features(region)
    own = selectors.boundary_feature(region)
    features = [_in_tiles(f, crs) for f in kids["features"]] or (
        [_in_tiles(own, crs)] if own else [])
    generated = kids["generated"] or bool(own and own["properties"]["generated"])
    data = map_data(centre=(region.lng or 115.48, region.lat or 35.23), markers=[], zoom=16,
                    shapes={"type": "FeatureCollection", "features": features}, fit=True,
                    bare=True, note=GENERATED_NOTE if generated else "")
    up = region.parent if region.parent and scope.covers(region.parent) else None
    return render(request, "regions/map.html", {
        "region": region, "map": data, "up": up, "generated": generated,
        "children": [(f["properties"]["code"], f["properties"]["name"]) for f in features
                     if f["properties"]["code"] != region.code],
    })
