"""H3 cells: the only place demand is kept. Resolution 8 (about 0.74 km²) by default."""

from __future__ import annotations

from functools import lru_cache

import h3
from django.conf import settings

PARENT_STEP = 1  # a sparse cell is merged into its parent one resolution up


def resolution() -> int:
    return int(getattr(settings, "NUANXIN_PLANNING_H3_RES", 8))


def threshold() -> int:
    """Fewest distinct contributors a cell needs in a period to be shown (default 5)."""
    return int(getattr(settings, "NUANXIN_PLANNING_MIN_CONTRIBUTORS", 5))


def cell_of(lng: float, lat: float, res: int | None = None) -> str:
    return str(h3.latlng_to_cell(lat, lng, resolution() if res is None else res))


@lru_cache(maxsize=300_000)
def centre(cell: str) -> tuple[float, float]:
    """(lng, lat) of the cell's centre."""
    lat, lng = h3.cell_to_latlng(cell)
    return float(lng), float(lat)


def parent(cell: str) -> str:
    return str(h3.cell_to_parent(cell, h3.get_resolution(cell) - PARENT_STEP))


def boundary(cell: str) -> list[list[float]]:
    """[[lat, lng], ...] for Leaflet."""
    return [[round(a, 6), round(b, 6)] for a, b in h3.cell_to_boundary(cell)]


def is_cell(text: str) -> bool:
    try:
        return bool(h3.is_valid_cell(text))
    except Exception:  # h3 raises its own types for garbage
        return False


def resolution_of(cell: str) -> int:
    return int(h3.get_resolution(cell))
