"""Import region boundaries from a file: every feature checked, then all or nothing.

A feature is bad when its code is missing, duplicated or unknown, names a region of
another level, or its geometry is empty, not a polygon, invalid beyond safe repair, or
lies outside its parent's boundary. Every bad feature is reported by its index and code
and nothing is written. Importing the same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nuanxin.kernel.errors import DomainError
from nuanxin.regions import shapes
from nuanxin.regions.boundary_files import RawFeature
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.services import (
    OUTSIDE_PARENT_TOLERANCE,
    apply_boundary,
    outside_parent_share,
    save_shapes,
)

IMPORT_LEVELS = [Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, Level.GRID]


@dataclass(frozen=True)
class FeatureProblem:
    index: int
    code: str
    message: str

    def __str__(self) -> str:
        code = f"（代码 {self.code}）" if self.code else ""
        return f"第{self.index}个要素{code}：{self.message}"


class BoundaryErrors(DomainError):
    """An import refused whole: every bad feature with its index and code."""

    def __init__(self, problems: list[FeatureProblem]) -> None:
        self.problems = problems
        shown = "；".join(str(p) for p in problems[:20])
        more = f"（共{len(problems)}处错误）" if len(problems) > 20 else ""
        super().__init__(f"导入失败，未写入任何边界。{shown}{more}", field="file",
                         code="bad_features")


@dataclass
class BoundaryImportResult:
    created: int = 0  # regions that had no boundary
    updated: int = 0
    unchanged: int = 0
    repaired: list[FeatureProblem] = field(default_factory=list)


def _code_of(feature: RawFeature, code_field: str) -> str:
    value = feature.properties.get(code_field)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def import_boundaries(
    features: list[RawFeature], *, level: str, code_field: str, crs: str = "wgs84",
    progress: Callable[[int], object] | None = None,
) -> BoundaryImportResult:
    """Check every feature, then write all boundaries in one transaction (or none)."""
    if level not in IMPORT_LEVELS:
        raise DomainError(f"层级应为 {'/'.join(IMPORT_LEVELS)} 之一", field="level")
    if not features:
        raise DomainError("文件中没有要素", field="file")
    problems: list[FeatureProblem] = []
    codes = [_code_of(f, code_field) for f in features]
    regions = {r.code: r for r in Region.objects.select_related("parent").filter(
        code__in=[c for c in codes if c])}
    parent_shapes = {r.parent.code: shapes.from_text(r.parent.boundary)
                     for r in regions.values() if r.parent and r.parent.boundary}
    seen: dict[str, int] = {}
    ready: list[tuple[Region, shapes.Cleaned]] = []
    result = BoundaryImportResult()
    for feature, code in zip(features, codes, strict=True):
        problem = _check(feature, code, level, code_field, crs, regions, parent_shapes, seen)
        if isinstance(problem, str):
            problems.append(FeatureProblem(feature.index, code, problem))
        else:
            if problem.repaired:
                result.repaired.append(FeatureProblem(feature.index, code, problem.repaired))
            ready.append((regions[code], problem))
        if progress:
            progress(1)
    if problems:
        raise BoundaryErrors(problems)
    changed: list[Region] = []
    for region, cleaned in ready:
        before = (region.boundary, region.boundary_generated)
        apply_boundary(region, cleaned.geometry, generated=False)
        if (region.boundary, region.boundary_generated) == before:
            result.unchanged += 1
            continue
        if before[0]:
            result.updated += 1
        else:
            result.created += 1
        changed.append(region)
    if changed:
        save_shapes(changed)
    return result


def _check(feature: RawFeature, code: str, level: str, code_field: str, crs: str,
           regions: dict[str, Region], parent_shapes: dict[str, object],
           seen: dict[str, int]) -> str | shapes.Cleaned:
    """The cleaned geometry of a good feature, or why it is bad (Chinese)."""
    if feature.properties.get("__error__"):
        return str(feature.properties["__error__"])
    if not code:
        return f"缺少代码字段“{code_field}”"
    if code in seen:
        return f"代码与第{seen[code]}个要素重复"
    seen[code] = feature.index
    region = regions.get(code)
    if region is None:
        return "区划代码不存在（请先导入区划）"
    if region.level != level:
        return f"区划“{region.name}”是{region.get_level_display()}，不是{Level(level).label}"
    if feature.geometry is None:
        return "没有几何图形（空几何）"
    try:
        cleaned = shapes.clean(shapes.to_wgs84(shapes.parse(feature.geometry), crs))
    except shapes.ShapeError as e:
        return str(e)
    except (ValueError, TypeError):
        return "几何图形坐标无法读取"
    parent = region.parent
    parent_geom = parent_shapes.get(parent.code) if parent else None
    if parent is not None and parent_geom is not None:
        share = outside_parent_share(cleaned.geometry, parent_geom)
        if share > OUTSIDE_PARENT_TOLERANCE:
            return f"有{share:.0%}位于上级“{parent.name}”的边界之外（坐标系是否为 {crs}？）"
    return cleaned
