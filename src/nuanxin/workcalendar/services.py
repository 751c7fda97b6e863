"""Writes to the calendar: load a year's notice from CSV (date,kind,name)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from django.db import transaction

from nuanxin.kernel.errors import RowErrors
from nuanxin.workcalendar.models import CalendarDay, DayKind

HEADER = ("date", "kind", "name")
BUNDLED = Path(__file__).parent / "data" / "cn_2025_2026.csv"


def load_calendar_csv(text: str) -> int:
    """Insert or update every row; refuse the whole file if any row is bad."""
    reader = csv.DictReader(io.StringIO(text))
    if not {"date", "kind"} <= set(reader.fieldnames or ()):
        got = ",".join(reader.fieldnames or [])
        raise RowErrors([(1, f"表头应为 {','.join(HEADER)}，实际为 {got or '空'}")])
    rows: list[tuple[date, str, str]] = []
    errors: list[tuple[int, str]] = []
    for line, row in enumerate(reader, start=2):
        try:
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            errors.append((line, "日期格式应为 YYYY-MM-DD"))
            continue
        kind = (row.get("kind") or "").strip()
        if kind not in DayKind.values:
            errors.append((line, "类型只能是 holiday（放假）或 workday（调休上班）"))
            continue
        rows.append((day, kind, (row.get("name") or "").strip()[:30]))
    if errors:
        raise RowErrors(errors)
    # One upsert for the file, not two queries a row; a date listed twice keeps its last row.
    latest = {day: CalendarDay(date=day, kind=kind, name=name) for day, kind, name in rows}
    with transaction.atomic():  # SQLite may split a big file into several batches
        CalendarDay.objects.bulk_create(latest.values(), update_conflicts=True,
                                        unique_fields=["date"], update_fields=["kind", "name"])
    return len(rows)


def load_bundled() -> int:
    return load_calendar_csv(BUNDLED.read_text(encoding="utf-8"))
