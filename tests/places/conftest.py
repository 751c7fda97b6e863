"""The mini region tree of tests/conftest.py with drawn (rectangular) boundaries."""

from __future__ import annotations

from typing import Any

import pytest
import shapely

from nuanxin.regions.models import Region
from nuanxin.regions.services import apply_boundary, save_shapes

BOXES = {  # (min lng, min lat, max lng, max lat), each inside its parent
    "371700": (115.30, 34.70, 115.70, 35.40),
    "371702": (115.40, 35.20, 115.52, 35.30),
    "371721": (115.50, 34.78, 115.60, 34.88),
    "371702001": (115.47, 35.22, 115.52, 35.26),
    "371702002": (115.42, 35.22, 115.47, 35.26),
    "371721001": (115.52, 34.80, 115.56, 34.84),
    "371702001001": (115.485, 35.239, 115.50, 35.25),  # 东安社区
    "371702001006": (115.49, 35.23, 115.50, 35.239),  # 双河社区
    "371702002001": (115.44, 35.23, 115.455, 35.24),
    "371721001001": (115.535, 34.82, 115.545, 34.835),
    "371702001001001": (115.49, 35.24, 115.495, 35.245),  # 东安社区第1网格
}


def box(code: str) -> Any:
    return shapely.box(*BOXES[code])


def draw(codes: list[str] | None = None, *, generated: bool = False) -> None:
    regions = list(Region.objects.filter(code__in=codes or list(BOXES)))
    for r in regions:
        apply_boundary(r, box(r.code), generated=generated)
    save_shapes(regions)


@pytest.fixture
def drawn(regions: dict[str, Region]) -> dict[str, Region]:
    draw()
    return {r.code: r for r in Region.objects.all()}
