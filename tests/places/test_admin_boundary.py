"""The back office draws a grid on a map; the save goes through set_boundary."""

from __future__ import annotations

import json
from typing import Any

import shapely
from django.test import Client

from nuanxin.regions.models import Region
from nuanxin.regions.selectors import locate

GRID = "371702001001001"


def post(user: Any, region: Region, shape: dict[str, Any]) -> Any:
    c = Client()
    c.force_login(user)
    url = f"/admin/regions/region/{region.pk}/change/"
    page = c.get(url)
    assert page.status_code == 200
    assert "vendor/leaflet-draw/leaflet.draw.js" in page.content.decode()
    return c.post(url, {"name": region.name, "lng": region.lng, "lat": region.lat,
                        "shape": json.dumps(shape)}, follow=True)


def test_drawing_a_grid_saves_it_and_locate_follows(drawn: Any, make_user: Any) -> None:
    admin = make_user(superuser=True)
    grid = Region.objects.get(code=GRID)
    resp = post(admin, grid, shapely.geometry.mapping(shapely.box(115.486, 35.246, 115.489,
                                                                  35.249)))
    assert resp.status_code == 200
    assert "边界已保存" in resp.content.decode()
    assert locate(115.4875, 35.2475).deepest.code == GRID


def test_township_staff_draw_a_grid_of_their_street(drawn: Any, make_user: Any) -> None:
    staff = make_user(("township_staff", "371702001"))
    grid = Region.objects.get(code=GRID)
    resp = post(staff, grid, shapely.geometry.mapping(shapely.box(115.486, 35.246, 115.489,
                                                                  35.249)))
    assert "边界已保存" in resp.content.decode()
    assert locate(115.4875, 35.2475).deepest.code == GRID
    assert Region.objects.get(code=GRID).name == "第1网格"
    other = make_user(("township_staff", "371702002"))
    c = Client()
    c.force_login(other)
    assert c.get(f"/admin/regions/region/{grid.pk}/change/").status_code in (302, 403, 404)


def test_a_grid_outside_its_community_is_refused_on_the_form(drawn: Any,
                                                             make_user: Any) -> None:
    admin = make_user(superuser=True)
    grid = Region.objects.get(code=GRID)
    before = grid.boundary
    resp = post(admin, grid, shapely.geometry.mapping(shapely.box(115.49, 35.234, 115.495,
                                                                  35.244)))
    assert "超出上级东安社区居委会的边界" in resp.content.decode()
    assert Region.objects.get(code=GRID).boundary == before
