"""Reads of the region tree. Subtrees are index range scans on `path`."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from nuanxin.kernel.errors import NotFound
from nuanxin.regions.levels import ORDER
from nuanxin.regions.models import Region
from nuanxin.regions.paths import codes_of, subtree_q


def get_region(code: str, *, field: str = "code") -> Region:
    """The region with `code`, or a 404 naming `field` (the caller's parameter name)."""
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise NotFound(f"区划代码“{code}”不存在", field=field)
    return region


def subtree(region: Region) -> QuerySet[Region]:
    """The region and everything under it, in one indexed query."""
    return Region.objects.filter(subtree_q(region.path))


def descendant_counts(region: Region) -> dict[str, int]:
    """How many regions of each level lie strictly under `region`."""
    rows = (
        subtree(region).exclude(pk=region.pk).values("level").annotate(n=Count("id")).order_by()
    )
    found = {r["level"]: r["n"] for r in rows}
    below = ORDER[ORDER.index(region.level) + 1:]
    return {level: found.get(level, 0) for level in below}


def children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


def ancestors(region: Region) -> list[Region]:
    """Top-down chain from the root to the region itself, from its path."""
    codes = codes_of(region.path)
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def roots() -> QuerySet[Region]:
    return Region.objects.filter(parent__isnull=True).order_by("code")
