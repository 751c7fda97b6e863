"""The five levels of the region tree, top to bottom."""

from django.db import models


class Level(models.TextChoices):
    CITY = "city", "市"
    COUNTY = "county", "县区"
    TOWNSHIP = "township", "街道(乡镇)"
    VILLAGE = "village", "村(社区)"
    GRID = "grid", "网格"


ORDER: list[str] = [Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, Level.GRID]
DEPTH: dict[str, int] = {level: i for i, level in enumerate(ORDER)}


def child_level(level: str) -> str | None:
    i = DEPTH[level]
    return ORDER[i + 1] if i + 1 < len(ORDER) else None
