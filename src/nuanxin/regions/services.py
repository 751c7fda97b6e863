"""Writes to the region tree and its boundaries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from shapely.geometry.base import BaseGeometry

from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.regions import locator, shapes
from nuanxin.regions.models import BoundaryVersion, Region
from nuanxin.regions.paths import subtree_q

# A child may stick out of its parent by this share of its own area (digitising noise
# along a shared border); more than that is "outside its parent" and refused.
OUTSIDE_PARENT_TOLERANCE = 0.02

# Who may draw a region's boundary: decided by accounts (a layer above regions), which
# registers its check at start-up (accounts.apps). Without it only superusers may.
BoundaryEditCheck = Callable[[Any, Region], bool]
_edit_checks: list[BoundaryEditCheck] = []


def register_boundary_edit_check(check: BoundaryEditCheck) -> None:
    _edit_checks[:] = [check]


def may_edit_boundary(actor: Any, region: Region) -> bool:
    if getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False):
        return True
    return bool(_edit_checks) and _edit_checks[0](actor, region)


def move_subtree_paths(old_path: str, new_path: str) -> int:
    """Rewrite the paths of every strict descendant of `old_path` to sit under `new_path`."""
    descendants = Region.objects.filter(subtree_q(old_path)).exclude(path=old_path)
    return descendants.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )


def bump_boundary_version() -> int:
    """Move the boundary version (conditional UPDATE on its one row, which is the lock).

    Every process's locate index sees the new version within a second and rebuilds;
    this process forgets its index at once.
    """
    if not BoundaryVersion.objects.filter(pk=1).update(version=F("version") + 1):
        try:
            with transaction.atomic():
                BoundaryVersion.objects.create(pk=1, version=1)
        except IntegrityError:
            BoundaryVersion.objects.filter(pk=1).update(version=F("version") + 1)
    locator.reset()
    transaction.on_commit(locator.reset)
    return locator.db_version()


def outside_parent_share(geom: BaseGeometry, parent_geom: BaseGeometry) -> float:
    """The share of `geom`'s area that lies outside `parent_geom` (0 = all inside)."""
    if geom.area <= 0:
        return 0.0
    return max(0.0, 1.0 - float(geom.intersection(parent_geom).area) / float(geom.area))


def check_inside_parent(region: Region, geom: BaseGeometry, *, field: str = "geometry") -> None:
    """Refuse a boundary that leaves its parent's boundary (when the parent has one)."""
    parent = region.parent
    if parent is None or not parent.boundary:
        return
    share = outside_parent_share(geom, shapes.from_text(parent.boundary))
    if share > OUTSIDE_PARENT_TOLERANCE:
        raise DomainError(
            f"{region.name}的边界有{share:.0%}超出上级{parent.name}的边界，"
            f"{region.get_level_display()}必须位于上级区划之内，请重新绘制", field=field)


@dataclass(frozen=True)
class BoundarySaved:
    region: Region
    repaired: str  # what was repaired ("" if nothing)


def apply_boundary(region: Region, geom: BaseGeometry, *, generated: bool = False) -> None:
    """Set the boundary columns of `region` in memory (callers save and bump)."""
    region.boundary = shapes.to_text(geom)
    region.boundary_generated = generated
    region.min_lng, region.min_lat, region.max_lng, region.max_lat = geom.bounds


BOUNDARY_FIELDS = ["boundary", "boundary_generated", "min_lng", "min_lat", "max_lng", "max_lat"]


def save_shapes(regions: list[Region], *, points: bool = False) -> None:
    """Write the boundary columns (and lng/lat) of many regions, then bump the version.

    One executemany on this app's own table: Django's bulk_update builds a CASE per row
    and field, which takes a minute for the 7,500 regions of a city. Callers hold a
    transaction; the version row is the lock.
    """
    fields = BOUNDARY_FIELDS + (["lng", "lat"] if points else [])
    table = connection.ops.quote_name(Region._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in fields)
    rows = [[getattr(r, f) for f in fields] + [r.pk] for r in regions]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)
        bump_boundary_version()


def set_boundary(*, actor: Any, region: Region, geometry: Any) -> BoundarySaved:
    """Draw or replace one region's boundary (GeoJSON geometry in WGS-84).

    Scope: the actor must reach the region's parent through a staff role (or be a
    superuser): a region's shape is decided from above. Invalid rings are repaired when
    safe; a boundary outside the parent's is refused. Lock: the region row
    (select_for_update), then the version row.
    """
    if not may_edit_boundary(actor, region):
        raise PermissionDenied("只能绘制您辖区内下级区划的边界", field="geometry")
    try:
        cleaned = shapes.clean(shapes.parse(geometry))
    except shapes.ShapeError as e:
        raise DomainError(str(e), field="geometry") from e
    with transaction.atomic():
        locked = (Region.objects.select_for_update(of=("self",)).select_related("parent")
                  .get(pk=region.pk))
        check_inside_parent(locked, cleaned.geometry)
        apply_boundary(locked, cleaned.geometry)
        locked.save(update_fields=BOUNDARY_FIELDS)
        bump_boundary_version()
    for name in BOUNDARY_FIELDS:
        setattr(region, name, getattr(locked, name))
    return BoundarySaved(region=locked, repaired=cleaned.repaired)


def clear_boundary(*, actor: Any, region: Region) -> None:
    """Remove a region's boundary (locate falls back to points there). Same scope."""
    if not may_edit_boundary(actor, region):
        raise PermissionDenied("只能修改您辖区内下级区划的边界", field="geometry")
    with transaction.atomic():
        Region.objects.filter(pk=region.pk).update(
            boundary="", boundary_generated=False, min_lng=None, min_lat=None, max_lng=None,
            max_lat=None)
        bump_boundary_version()
