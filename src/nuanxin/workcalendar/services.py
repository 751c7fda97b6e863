"""Writes to the calendar: load a year's notice from CSV (date,kind,name)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from django.db import transaction

from nuanxin.core.errors import RowErrors
from nuanxin.workcalendar.models import CalendarDay, DayKind

BUNDLED = Path(__file__).parent / "data" / "cn_2025_2026.csv"


def load_calendar_csv(text: str) -> int:
    """Insert or update every row; refuse the whole file if any row is bad."""
    rows: list[tuple[date, str, str]] = []
    errors: list[tuple[int, str]] = []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
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
    with transaction.atomic():
        for day, kind, name in rows:
            CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
    return len(rows)


def load_bundled() -> int:
    return load_calendar_csv(BUNDLED.read_text(encoding="utf-8"))
