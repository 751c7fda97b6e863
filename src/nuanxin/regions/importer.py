"""Import a city's division file (code,name,level,parent_code): all rows or none."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from nuanxin.kernel.errors import RowErrors
from nuanxin.regions.levels import DEPTH, ORDER, Level
from nuanxin.regions.models import PATH_SEP, Region
from nuanxin.regions.services import bump_boundary_version, move_subtree_paths

HEADER = ["code", "name", "level", "parent_code"]
FILE_LEVELS = [Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]


@dataclass
class Row:
    line: int
    code: str
    name: str
    level: str
    parent_code: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


def parse_rows(text: str) -> list[Row]:
    """Parse and check every row; raise RowErrors listing every bad one."""
    errors: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != HEADER:
        raise RowErrors([(1, f"表头应为 {','.join(HEADER)}，实际为 {','.join(header or [])}")])
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != 4:
            errors.append((line, f"应有4列，实际{len(cells)}列"))
            continue
        code, name, level, parent = (c.strip() for c in cells)
        problems = []
        if not code.isdigit() or not 6 <= len(code) <= 12:
            problems.append(f"区划代码(code)“{code}”应为6到12位数字")
        if not name:
            problems.append("名称(name)不能为空")
        elif len(name) > 100:
            problems.append("名称(name)不能超过100字")
        if level not in FILE_LEVELS:
            problems.append(f"层级(level)“{level}”应为 {'/'.join(FILE_LEVELS)} 之一")
        if level == Level.CITY and parent:
            problems.append("市级区划的上级代码(parent_code)应为空")
        if level and level != Level.CITY and level in FILE_LEVELS and not parent:
            problems.append("上级代码(parent_code)不能为空")
        if code in seen:
            problems.append(f"区划代码(code)“{code}”与第{seen[code]}行重复")
        if problems:
            errors.append((line, "；".join(problems)))
            continue
        seen[code] = line
        rows.append(Row(line, code, name, level, parent))
    by_code = {r.code: r for r in rows}
    existing = dict(Region.objects.filter(code__in={r.parent_code for r in rows}).values_list(
        "code", "level"))
    for r in rows:
        if r.level == Level.CITY:
            continue
        parent_level = by_code[r.parent_code].level if r.parent_code in by_code else existing.get(
            r.parent_code)
        if parent_level is None:
            errors.append((r.line, f"上级代码(parent_code)“{r.parent_code}”不存在"))
        elif DEPTH[parent_level] != DEPTH[r.level] - 1:
            errors.append((r.line, f"上级“{r.parent_code}”是{parent_level}，不能作为{r.level}的上级"))
    if errors:
        raise RowErrors(sorted(errors))
    return rows


def import_regions(
    text: str, *, progress: Callable[[int], object] | None = None
) -> ImportResult:
    """Create or update every region in the file, level by level, in one transaction.

    Idempotent: importing the same file again changes nothing. Paths of moved regions'
    descendants are rewritten too.
    """
    rows = parse_rows(text)
    result = ImportResult()
    with transaction.atomic():
        for level in ORDER[:4]:
            level_rows = [r for r in rows if r.level == level]
            if level_rows:
                _import_level(level_rows, result)
                result.by_level[level] = len(level_rows)
                if progress:
                    progress(len(level_rows))
        if result.created or result.updated:
            bump_boundary_version()  # the locate index carries names and the tree
    return result


def _import_level(rows: Iterable[Row], result: ImportResult) -> None:
    rows = list(rows)
    parents = {
        r.code: r for r in Region.objects.filter(code__in={r.parent_code for r in rows if r.parent_code})
    }
    existing = {r.code: r for r in Region.objects.filter(code__in=[r.code for r in rows])}
    to_create: list[Region] = []
    to_update: list[Region] = []
    moved: list[tuple[str, str]] = []
    for row in rows:
        parent = parents.get(row.parent_code)
        path = (parent.path if parent else "") + row.code + PATH_SEP
        region = existing.get(row.code)
        if region is None:
            to_create.append(Region(code=row.code, name=row.name, level=row.level, parent=parent,
                                    path=path))
            continue
        if (region.name, region.level, region.parent_id, region.path) == (
            row.name, row.level, parent.pk if parent else None, path):
            result.unchanged += 1
            continue
        if region.path != path:
            moved.append((region.path, path))
        region.name, region.level, region.parent, region.path = row.name, row.level, parent, path
        to_update.append(region)
    Region.objects.bulk_create(to_create, batch_size=2000)
    Region.objects.bulk_update(to_update, ["name", "level", "parent", "path"], batch_size=2000)
    for old, new in moved:
        move_subtree_paths(old, new)
    result.created += len(to_create)
    result.updated += len(to_update)
