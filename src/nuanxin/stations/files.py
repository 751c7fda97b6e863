"""Station spreadsheets (xlsx and CSV) in and out, with a coordinate-system column.

Import is all or nothing: every row is checked first and every bad row is reported
with its line number; only a clean file is written, in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpResponse

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can, region_scope
from nuanxin.kernel.coords import CRS_VALUES, from_wgs84, to_wgs84
from nuanxin.kernel.errors import DomainError, PermissionDenied, RowErrors
from nuanxin.regions.models import Region
from nuanxin.stations import catalogue, hours_text
from nuanxin.stations.models import Station, StationStatus
from nuanxin.stations.placement import outside_region_warning
from nuanxin.stations.services import (
    MANAGER_ROLES,
    StationData,
    bump_version,
    create_station,
    update_station,
)

HEADERS = ["编号", "名称", "类型", "地址", "区划代码", "经度", "纬度", "坐标系", "电话", "服务",
           "营业时间", "例外日期"]
REQUIRED = ["名称", "类型", "区划代码", "经度", "纬度", "坐标系"]
MAX_ROWS = 20000
_CRS_WORDS = {"wgs84": "wgs84", "wgs-84": "wgs84", "gps": "wgs84", "gcj02": "gcj02",
              "gcj-02": "gcj02", "高德": "gcj02", "腾讯": "gcj02", "bd09": "bd09", "bd-09": "bd09",
              "百度": "bd09"}
_SVC = re.compile(r"^(.+?)\s*[（(](.*)[)）]\s*$")


def _crs(value: str) -> str:
    v = value.strip().lower()
    found = _CRS_WORDS.get(v) or next((c for c in CRS_VALUES if v.startswith(c)), None)
    if not found:
        raise DomainError(f"坐标系“{value}”应为 wgs84、gcj02 或 bd09", field="坐标系")
    return found


def parse_services_cell(cell: str) -> dict[str, str]:
    """'卫生间、优惠餐(套餐12元)' -> {'toilet': '', 'discount_meal': '套餐12元'}."""
    out: dict[str, str] = {}
    for part in re.split(r"[、,，;；]", cell or ""):
        part = part.strip()
        if not part:
            continue
        m = _SVC.match(part)
        name, details = (m.group(1).strip(), m.group(2).strip()) if m else (part, "")
        svc = catalogue.BY_LABEL.get(name) or catalogue.BY_CODE.get(name)
        if svc is None:
            raise DomainError(f"未知的服务项目“{name}”", field="服务")
        out[svc.code] = details
    return out


def format_services_cell(codes: list[str], details: dict[str, str]) -> str:
    return "、".join(catalogue.BY_CODE[c].label + (f"({details[c]})" if details.get(c) else "")
                    for c in codes)


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by header, from xlsx or CSV (UTF-8, with or without BOM; or GBK)."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise DomainError("无法读取 Excel 文件，请确认是 .xlsx 格式", field="file") from None
        values = [["" if v is None else str(v).strip() for v in row]
                  for row in wb.active.iter_rows(values_only=True)] if wb.active else []
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("gbk", errors="replace")
        values = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise DomainError("只支持 .xlsx 或 .csv 文件", field="file")
    if not values:
        raise DomainError("文件是空的", field="file")
    header = values[0]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise DomainError(f"缺少列：{'、'.join(missing)}（第一行应为表头）", field="file")
    rows = [dict(zip(header, r + [""] * (len(header) - len(r)), strict=False))
            for r in values[1:] if any(r)]
    if len(rows) > MAX_ROWS:
        raise DomainError(f"一次最多导入 {MAX_ROWS} 行", field="file")
    return rows


@dataclass
class _Planned:
    line: int
    station: Station | None
    data: StationData


def _plan(user: User, line: int, row: dict[str, str], regions: dict[str, Region]) -> _Planned:
    region = regions.get(row.get("区划代码", "").strip())
    if region is None:
        raise DomainError(f"区划代码“{row.get('区划代码', '')}”不存在", field="区划代码")
    if not (user.is_superuser or can(user, MANAGER_ROLES, region)):
        raise PermissionDenied(f"无权在“{region.name}”添加或修改站点")
    try:
        lng, lat = float(row["经度"]), float(row["纬度"])
    except ValueError:
        raise DomainError("经纬度应为数字", field="经度") from None
    lng, lat = to_wgs84(lng, lat, _crs(row.get("坐标系", "")))
    hours = None
    if row.get("营业时间", "").strip():
        hours = hours_text.parse(row["营业时间"], row.get("例外日期", ""))
    station = None
    if row.get("编号", "").strip():
        station = Station.objects.select_related("region").filter(pk=row["编号"].strip()).first() \
            if row["编号"].strip().isdigit() else None
        if station is None:
            raise DomainError(f"编号“{row['编号']}”的站点不存在", field="编号")
    data = StationData(name=row.get("名称", ""), kind=row.get("类型", ""),
                       address=row.get("地址", ""), region=region, lng=lng, lat=lat,
                       phone=row.get("电话", ""), hours=hours,
                       services=parse_services_cell(row.get("服务", "")))
    # Run the same field checks the write will run, now, so errors are per row.
    from nuanxin.stations import services as svc

    svc.clean_name(data.name)
    data.kind = svc.clean_kind(data.kind)
    svc.clean_phone(data.phone)  # (the point was checked by to_wgs84)
    return _Planned(line, station, data)


def import_rows(user: User, rows: list[dict[str, str]]) -> tuple[int, int, list[tuple[int, str]]]:
    """Create or update every row, or none; returns (created, updated, warnings).

    A warning (line, text) flags a station whose point lies outside its stated region:
    it is imported all the same (see stations.placement)."""
    codes = {r.get("区划代码", "").strip() for r in rows}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    planned: list[_Planned] = []
    errors: list[tuple[int, str]] = []
    for i, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            planned.append(_plan(user, i, row, regions))
        except DomainError as e:
            errors.append((i, e.message))
    if errors:
        raise RowErrors(errors)
    created = updated = 0
    with transaction.atomic():
        for p in planned:
            try:
                if p.station is None:
                    create_station(p.data, by=user)
                    created += 1
                else:
                    update_station(p.station, p.data, by=user)
                    updated += 1
            except DomainError as e:
                errors.append((p.line, e.message))
        if errors:
            transaction.set_rollback(True)
        else:
            bump_version()
    if errors:
        raise RowErrors(errors)
    warnings = [(p.line, w) for p in planned
                if (w := outside_region_warning(p.data.region, p.data.lng, p.data.lat))]
    return created, updated, warnings


def import_upload(user: User, name: str, content: bytes
                  ) -> tuple[int, int, list[tuple[int, str]]]:
    return import_rows(user, read_rows(name, content))


def export_rows(user: User, crs: str) -> list[list[Any]]:
    scope = region_scope(user, roles=MANAGER_ROLES)
    if scope.is_empty:
        raise PermissionDenied("只有街道、县区或市级工作人员可以导出站点")
    qs = scope.filter(Station.objects.exclude(status=StationStatus.CLOSED), "region")
    out: list[list[Any]] = [HEADERS]
    for s in qs.select_related("region").prefetch_related("services").order_by("region__path", "id"):
        lng, lat = from_wgs84(s.lng, s.lat, crs)
        details = {x.service: x.details for x in s.services.all()}
        out.append([s.pk, s.name, s.get_kind_display(), s.address, s.region.code, round(lng, 7),
                    round(lat, 7), crs, s.phone,
                    format_services_cell(catalogue.codes_of(s.service_mask), details),
                    hours_text.format_weekly(s.hours or {}),
                    hours_text.format_exceptions(s.hours or {})])
    return out


def export_response(user: User, *, fmt: str, crs: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise DomainError("导出格式只能是 xlsx 或 csv", field="format")
    rows = export_rows(user, crs)
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        resp = HttpResponse(("\ufeff" + buf.getvalue()).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = 'attachment; filename="stations.csv"'
        return resp
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "站点"
    for r in rows:
        ws.append(r)
    buf2 = io.BytesIO()
    wb.save(buf2)
    resp = HttpResponse(buf2.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    resp["Content-Disposition"] = 'attachment; filename="stations.xlsx"'
    return resp
