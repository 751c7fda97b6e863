"""The back office's boundary editor: draw or edit a region's shape on a map (leaflet-draw).

The map shows the configured tiles, so the drawing arrives in the tiles' system; it is
converted to WGS-84 here and checked as `services.set_boundary` will (the save itself goes
through that service, which checks scope again and bumps the locate index).
"""

from __future__ import annotations

import json
from typing import Any

import shapely
from django import forms

from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.maps import tile_source
from nuanxin.regions import shapes
from nuanxin.regions.models import Region
from nuanxin.regions.services import check_inside_parent, may_edit_boundary


class BoundaryWidget(forms.Textarea):
    template_name = "regions/boundary_widget.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region: Region | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        source = tile_source()
        parent = self.region.parent if self.region else None
        context["map"] = {
            "tiles": source.as_dict(),
            "parent": _in(parent.boundary, source.crs) if parent and parent.boundary else None,
            "centre": list(shapes.from_wgs84(shapely.Point(
                self.region.lng or 115.48, self.region.lat or 35.23), source.crs).coords[0])
            if self.region else [115.48, 35.23],
        }
        context["widget"]["value"] = _in(value, source.crs) if value else ""
        return context


def _in(text: str, crs: str) -> str:
    """WGS-84 GeoJSON text drawn in the tiles' system (what the editor shows)."""
    try:
        return str(shapely.to_geojson(shapes.from_wgs84(shapes.from_text(text), crs)))
    except Exception:
        return ""


class RegionForm(forms.ModelForm):  # type: ignore[type-arg]
    shape = forms.CharField(label="边界", required=False, widget=BoundaryWidget,
                            help_text="在地图上绘制或拖动顶点修改；网格必须位于上级社区之内。")

    class Meta:
        model = Region
        fields = ["name", "lng", "lat"]

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.geometry: dict[str, Any] | None = None
        self.fields["shape"].initial = self.instance.boundary if self.instance.pk else ""
        self.fields["shape"].widget.region = self.instance if self.instance.pk else None

    def clean_shape(self) -> str:
        """The drawing (tiles' system) as WGS-84 GeoJSON text, checked like set_boundary."""
        drawn = (self.cleaned_data.get("shape") or "").strip()
        crs = tile_source().crs
        if not drawn or drawn == _in(self.instance.boundary, crs):
            return ""  # unchanged (or cleared, which the editor does not offer)
        if not may_edit_boundary(self.actor, self.instance):
            raise forms.ValidationError("只能绘制您辖区内下级区划的边界")
        try:
            cleaned = shapes.clean(shapes.to_wgs84(shapes.parse(drawn), crs))
            check_inside_parent(self.instance, cleaned.geometry)
        except shapes.ShapeError as e:
            raise forms.ValidationError(str(e)) from e
        except DomainError as e:
            raise forms.ValidationError(e.message) from e
        self.geometry = json.loads(shapes.to_text(cleaned.geometry))
        return drawn
