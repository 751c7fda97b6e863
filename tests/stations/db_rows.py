"""The display rows read from the database (one plain SQL query): the reference the
snapshot (`stations.rows.rows_for`) is tested against, and what the selector did before
the snapshot. Test-only, so it lives here rather than in the app."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.db import connection

from nuanxin.regions.models import Region
from nuanxin.stations.index import Built
from nuanxin.stations.models import Station, StationStatus

COLUMNS = ("id", "name", "kind", "address", "lng", "lat", "phone", "status", "closed_reason",
           "closed_until", "service_mask", "region__name")


def _as_datetime(value: Any) -> datetime | None:
    """SQLite hands back text or a naive datetime (UTC, as Django stores it); PostgreSQL an
    aware datetime."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def db_rows(built: Built, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The rows of `ids` as `rows_for` makes them, but read from the database."""
    out: dict[int, dict[str, Any]] = {}
    if not ids:
        return out
    s, r = Station._meta.db_table, Region._meta.db_table
    cols = ", ".join(f"s.{c}" for c in COLUMNS[:-1])
    sql = (f"SELECT {cols}, r.name FROM {s} s JOIN {r} r ON r.id = s.region_id "
           f"WHERE s.id IN ({', '.join(['%s'] * len(ids))})")
    with connection.cursor() as cur:
        cur.execute(sql, ids)
        fetched = cur.fetchall()
    for t in fetched:
        row = dict(zip(COLUMNS, t, strict=True))
        if row["status"] == StationStatus.CLOSED:
            continue
        pos = int(np.searchsorted(built.ids, row["id"]))
        if pos >= len(built.ids) or built.ids[pos] != row["id"]:
            continue
        row["closed_until"] = _as_datetime(row["closed_until"])
        sched = int(built.sched[pos])
        row["hours"] = built.schedules[sched]
        row["_hkey"] = f"#{built.version}:{sched}"
        out[row["id"]] = row
    return out
