"""Distances and directions in words, for "东北 320 米"."""

from __future__ import annotations

import math

from nuanxin.regions.geo import haversine_m

_WORDS = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"]

__all__ = ["bearing_deg", "direction_text", "distance_text", "haversine_m"]


def bearing_deg(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Initial bearing from point 1 to point 2, 0 = north, clockwise."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lng2 - lng1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


def distance_text(metres: float) -> str:
    if metres < 1000:
        return f"{max(10, round(metres / 10) * 10)} 米"
    return f"{metres / 1000:.1f} 公里"


def direction_text(lng1: float, lat1: float, lng2: float, lat2: float, metres: float) -> str:
    """'东北 320 米' from the rider (1) to the station (2); '就在附近' when within 20 m."""
    if metres < 20:
        return "就在附近"
    word = _WORDS[int((bearing_deg(lng1, lat1, lng2, lat2) + 22.5) // 45) % 8]
    return f"{word} {distance_text(metres)}"
