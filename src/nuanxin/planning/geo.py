"""Points on the unit sphere: a KD-tree over 3-D unit vectors answers "within R metres"
exactly (chord length is monotone in great-circle distance), with no projection."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

EARTH_R = 6_371_008.8


def xyz(lng: Any, lat: Any) -> np.ndarray:
    lo = np.radians(np.asarray(lng, dtype=float))
    la = np.radians(np.asarray(lat, dtype=float))
    c = np.cos(la)
    return np.stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)], axis=-1)


def chord(metres: float) -> float:
    """The straight-line distance on the unit sphere for a great-circle distance."""
    return 2.0 * math.sin(min(metres, math.pi * EARTH_R) / (2.0 * EARTH_R))


def metres_between(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    a = xyz(lng1, lat1)
    b = xyz(lng2, lat2)
    d = float(np.linalg.norm(a - b))
    return 2.0 * EARTH_R * math.asin(min(1.0, d / 2.0))
