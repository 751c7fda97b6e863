"""Drawing a boundary: staff above the region only; a grid stays inside its community."""

from __future__ import annotations

from typing import Any

import pytest
import shapely

from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import locate
from nuanxin.regions.services import set_boundary

from .conftest import BOXES

GRID = "371702001001001"


def geo(*bounds: float) -> dict[str, Any]:
    return shapely.geometry.mapping(shapely.box(*bounds))


def test_township_staff_redraw_a_grid_and_locate_follows(drawn: Any, make_user: Any) -> None:
    staff = make_user(("township_staff", "371702001"))
    grid = Region.objects.get(code=GRID)
    assert locate(115.4875, 35.2475).deepest.code == "371702001001"
    saved = set_boundary(actor=staff, region=grid, geometry=geo(115.486, 35.246, 115.489, 35.249))
    assert saved.repaired == ""
    assert locate(115.4875, 35.2475).deepest.code == GRID
    assert locate(115.4925, 35.2425).deepest.code == "371702001001"
    community = make_user(("community_staff", "371702001001"))
    set_boundary(actor=community, region=grid, geometry=geo(*BOXES[GRID]))
    assert locate(115.4925, 35.2425).deepest.code == GRID


@pytest.mark.parametrize("roles", [
    [("grid_worker", GRID)],  # the grid's own worker does not redraw it
    [("township_staff", "371702002")],  # another street
    [("worker", "371702001001")],
    [],
])
def test_others_may_not_draw(drawn: Any, make_user: Any, roles: list[tuple[str, str]]) -> None:
    user = make_user(*roles)
    before = Region.objects.get(code=GRID).boundary
    with pytest.raises(PermissionDenied):
        set_boundary(actor=user, region=Region.objects.get(code=GRID),
                     geometry=geo(115.486, 35.246, 115.489, 35.249))
    assert Region.objects.get(code=GRID).boundary == before


def test_a_grid_outside_its_community_is_refused_in_chinese(drawn: Any, make_user: Any) -> None:
    staff = make_user(("township_staff", "371702001"))
    grid = Region.objects.get(code=GRID)
    before = grid.boundary
    with pytest.raises(DomainError) as e:  # half of it in 双河社区
        set_boundary(actor=staff, region=grid, geometry=geo(115.49, 35.234, 115.495, 35.244))
    assert e.value.field == "geometry"
    assert "第1网格的边界有50%超出上级东安社区居委会的边界" in e.value.message
    assert "网格必须位于上级区划之内" in e.value.message
    with pytest.raises(DomainError, match="边界应为面"):
        set_boundary(actor=staff, region=grid,
                     geometry={"type": "Point", "coordinates": [115.49, 35.24]})
    with pytest.raises(DomainError, match="不是有效的 GeoJSON"):
        set_boundary(actor=staff, region=grid, geometry="{oops")
    assert Region.objects.get(code=GRID).boundary == before
