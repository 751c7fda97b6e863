"""Writes: demand counted into cells (never a point or a person), staff candidate sites.

Every demand write goes through `add_demand`, which merges counts and contributor sketches
into the (cell, day, source) row under a row lock (`select_for_update`), so two processes
flushing the same cell add up rather than overwrite.
"""

from __future__ import annotations

import csv
import io
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from nuanxin.accounts.permissions import staff_scope
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied, RowErrors
from nuanxin.kernel.http import client_address
from nuanxin.planning import cells, locate, sketch
from nuanxin.planning.models import CandidateSite, CellDemand, DemandSource
from nuanxin.regions.models import Region

TZ = ZoneInfo("Asia/Shanghai")  # demand days are Shanghai days, as station visits are
FLUSH_SECONDS = 30.0
FLUSH_SIZE = 2_000


@dataclass
class Tally:
    """One cell-day in memory: how many asks, and the sketch of who asked (not who)."""

    count: int = 0
    registers: bytearray = field(default_factory=lambda: bytearray(sketch.REGISTERS))

    def add(self, token: str, times: int = 1) -> None:
        self.count += times
        sketch.add(self.registers, token)


def shanghai_day(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(TZ).date()


# --------------------------------------------------------------------------- the finder

class _Buffer:
    """Finder asks of this process, per (cell, day), flushed every FLUSH_SECONDS or
    FLUSH_SIZE cells: the rider's hot path pays an H3 lookup and a hash, not a write."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tallies: dict[tuple[str, date], Tally] = {}
        self.last_flush = time.monotonic()

    def take(self) -> dict[tuple[str, date], Tally]:
        with self.lock:
            out, self.tallies = self.tallies, {}
            self.last_flush = time.monotonic()
            return out


_buffer = _Buffer()


def count_finder_query(*, lng: float, lat: float, request: Any) -> None:
    """The stations finder's hook: count the asked point's cell for today. Only the cell
    is kept; the asker (user, else network address) enters the sketch and is forgotten."""
    user = getattr(request, "user", None)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    token = f"user:{user.pk}" if signed_in and user is not None else (
        f"ip:{client_address(request)}")
    key = (cells.cell_of(lng, lat), shanghai_day())
    with _buffer.lock:
        _buffer.tallies.setdefault(key, Tally()).add(token)
        due = (len(_buffer.tallies) >= FLUSH_SIZE
               or time.monotonic() - _buffer.last_flush >= FLUSH_SECONDS)
    if due:
        flush_finder_counts()


def flush_finder_counts() -> int:
    """Write this process's buffered finder counts; returns the cells written."""
    tallies = _buffer.take()
    if tallies:
        add_demand(tallies=tallies, source=DemandSource.FINDER)
    return len(tallies)


# --------------------------------------------------------------------------- writing rows

def add_demand(*, tallies: dict[tuple[str, date], Tally], source: str,
               replace: bool = False) -> int:
    """Merge tallies into their (cell, day, source) rows; `replace` overwrites instead
    (an idempotent re-import of a day). Locks: the rows, `select_for_update`."""
    if source not in DemandSource.values:
        raise DomainError("未知的需求来源", field="source")
    for cell, _day in tallies:
        if not cells.is_cell(cell):
            raise DomainError(f"无效的H3单元“{cell}”", field="cell")
    keys = list(tallies)
    centres = [cells.centre(c) for c, _ in keys]
    regions = locate.townships_of([c[0] for c in centres], [c[1] for c in centres])
    region_of = {k[0]: r for k, r in zip(keys, regions, strict=True)}
    for attempt in range(3):
        try:
            with transaction.atomic():
                _merge_rows(tallies, source, replace, region_of)
            return len(keys)
        except IntegrityError:  # another process inserted one of the new rows first
            if attempt == 2:
                raise
    return 0


def _merge_rows(tallies: dict[tuple[str, date], Tally], source: str, replace: bool,
                region_of: dict[str, int | None]) -> None:
    days = {d for _, d in tallies}
    cells_ = {c for c, _ in tallies}
    existing = {(r.cell, r.day): r for r in CellDemand.objects.select_for_update().filter(
        source=source, day__in=days, cell__in=cells_)}
    new, changed = [], []
    for (cell, day), t in tallies.items():
        row = existing.get((cell, day))
        if row is None:
            new.append(CellDemand(cell=cell, day=day, source=source, count=t.count,
                                  contributors=bytes(t.registers), region_id=region_of[cell]))
        elif replace:
            row.count, row.contributors = t.count, bytes(t.registers)
            changed.append(row)
        else:
            row.count += t.count
            row.contributors = sketch.merge(row.contributors, t.registers)
            changed.append(row)
    CellDemand.objects.bulk_create(new, batch_size=2000)
    if changed:  # one prepared UPDATE for all: bulk_update's CASE is slow at this size
        table = connection.ops.quote_name(CellDemand._meta.db_table)
        with connection.cursor() as cur:
            cur.executemany(f"UPDATE {table} SET count = %s, contributors = %s WHERE id = %s",
                            [(r.count, bytes(r.contributors), r.pk) for r in changed])


def collect_day(*, day: date) -> dict[str, int]:
    """Count a Shanghai day's snap-report places and station visits into cells (re-running
    replaces that day's rows). Reads through the reports and stations selectors."""
    from nuanxin.reports.selectors import report_places_on
    from nuanxin.stations.selectors import visit_places_on

    start = datetime(day.year, day.month, day.day, tzinfo=TZ)
    out: dict[str, int] = {}
    for source, rows in (
            (DemandSource.REPORT, [(lng, lat, f"user:{u}") for lng, lat, u in
                                   report_places_on(start, start + timedelta(days=1))]),
            (DemandSource.VISIT, [(lng, lat, f"user:{u}" if u else None) for lng, lat, u in
                                  visit_places_on(day)])):
        tallies: dict[tuple[str, date], Tally] = {}
        for lng, lat, who in rows:
            t = tallies.setdefault((cells.cell_of(lng, lat), day), Tally())
            if who:
                t.add(who)
            else:  # an anonymous scan counts as demand but not as a distinct contributor
                t.count += 1
        with transaction.atomic():
            CellDemand.objects.filter(source=source, day=day).exclude(
                cell__in=[c for c, _ in tallies]).delete()
            add_demand(tallies=tallies, source=source, replace=True)
        out[source] = len(tallies)
    return out


# --------------------------------------------------------------------------- CSV import

CSV_COLUMNS = ["cell", "day", "count", "contributors"]


def import_cell_counts(*, text: str) -> int:
    """A platform's heat map: `cell,day,count,contributors` (res-8 H3 cells). Every bad row
    is reported with its line and nothing is written; a good file replaces those rows.
    The platform states distinct contributors as a number; they enter the sketch as that
    many distinct tokens of the cell-day (so a period counts them per day, an upper bound)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(f"缺少列：{'、'.join(missing)}（需要 {','.join(CSV_COLUMNS)}）",
                          field="file")
    errors: list[tuple[int, str]] = []
    tallies: dict[tuple[str, date], Tally] = {}
    res = cells.resolution()
    for line, row in enumerate(reader, start=2):
        cell = (row.get("cell") or "").strip().lower()
        try:
            if not cells.is_cell(cell):
                raise ValueError(f"“{cell}”不是有效的H3单元")
            if cells.resolution_of(cell) != res:
                raise ValueError(f"H3单元须为第{res}级")
            try:
                day = date.fromisoformat((row.get("day") or "").strip())
            except ValueError:
                raise ValueError("日期格式应为 YYYY-MM-DD") from None
            count = _int(row.get("count"), "count")
            people = _int(row.get("contributors"), "contributors")
            if people > count:
                raise ValueError("contributors 不能大于 count")
            if (cell, day) in tallies:
                raise ValueError("同一单元同一天重复")
        except ValueError as e:
            errors.append((line, str(e)))
            continue
        t = Tally(count=count)
        for i in range(people):
            sketch.add(t.registers, f"import:{cell}:{day}:{i}")
        tallies[(cell, day)] = t
    if errors:
        raise RowErrors(errors)
    if not tallies:
        raise DomainError("文件中没有数据行", field="file")
    return add_demand(tallies=tallies, source=DemandSource.IMPORT, replace=True)


def _int(raw: str | None, name: str) -> int:
    try:
        v = int((raw or "").strip())
    except ValueError:
        raise ValueError(f"{name} 应为非负整数") from None
    if v < 0:
        raise ValueError(f"{name} 应为非负整数")
    return v


# --------------------------------------------------------------------------- candidates

def add_candidate(*, by: Any, lng: float, lat: float, name: str) -> CandidateSite:
    """Staff put a cell centre forward as a possible site (snapped to the cell's centre).
    Scope: the township it falls in must be within the user's staff scope."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("请填写候选站址名称（不超过100字）", field="name")
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise DomainError("坐标超出范围", field="lng")
    cell = cells.cell_of(lng, lat)
    c_lng, c_lat = cells.centre(cell)
    region_id = locate.townships_of([c_lng], [c_lat])[0]
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    if region is None or not staff_scope(by).covers(region):
        raise PermissionDenied("该位置不在你的管辖范围内", field="lng")
    try:
        with transaction.atomic():
            return CandidateSite.objects.create(cell=cell, name=name, region=region, lng=c_lng,
                                                lat=c_lat, added_by=by)
    except IntegrityError:
        raise Conflict("该单元已是候选站址", field="lng") from None


def collect_recent_demand() -> str:
    """The periodic job: this process's finder counts, and yesterday's and today's report
    places and station visits (idempotent: a day's rows are replaced)."""
    flushed = flush_finder_counts()
    today = shanghai_day()
    days = [collect_day(day=d) for d in (today - timedelta(days=1), today)]
    return (f"finder {flushed} cells; reports {sum(d.get('report', 0) for d in days)},"
            f" visits {sum(d.get('visit', 0) for d in days)} cell-days")
