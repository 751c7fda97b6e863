"""The display rows of found stations, made from the index's snapshot (same version).

No database read per query: the text comes from `stations.snapshot`, the numbers from
the index arrays, hours from its interned schedules (so open-now needs no JSON work
per request). Rows are cached per index version and shared: callers must treat them
as read-only. `db_rows` reads the same rows from the database, for the tests.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.db import connection

from nuanxin.regions.models import Region
from nuanxin.stations.index import Built
from nuanxin.stations.models import Station, StationStatus

ROW_CACHE_MAX = 20_000  # rows are cheap to remake from the snapshot; ~1 KB each
COLUMNS = ("id", "name", "kind", "address", "lng", "lat", "phone", "status", "closed_reason",
           "closed_until", "service_mask", "region__name")


def _sql(where: str) -> str:
    s, r = Station._meta.db_table, Region._meta.db_table
    cols = ", ".join(f"s.{c}" for c in COLUMNS[:-1])
    return f"SELECT {cols}, r.name FROM {s} s JOIN {r} r ON r.id = s.region_id {where}"


def _as_datetime(value: Any) -> datetime | None:
    """SQLite hands back text or a naive datetime (UTC, as Django stores it); PostgreSQL an
    aware datetime. (Before the snapshot the naive one leaked into open_state.)"""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _fetch(ids: list[int] | None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        if ids is None:
            cur.execute(_sql(""))
        else:
            cur.execute(_sql(f"WHERE s.id IN ({', '.join(['%s'] * len(ids))})"), ids)
        return list(cur.fetchall())


def rows_for(built: Built, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rows (as dicts keyed like `COLUMNS`, plus `hours` and `_hkey`) for `ids`, made
    from the index's snapshot (same version): no database read. Ids the index does not
    hold (closed for good, or newer than it) are left out."""
    cache = built.rows
    missing = [pk for pk in ids if pk not in cache]
    if missing and len(built.ids):
        if len(cache) + len(missing) > ROW_CACHE_MAX:
            cache.clear()
        want = np.asarray(missing, dtype=np.int64)
        pos = np.searchsorted(built.ids, want)
        np.minimum(pos, len(built.ids) - 1, out=pos)
        pos = pos[built.ids[pos] == want]
        if len(pos):
            _make_rows(built, pos, cache)
    return {pk: cache[pk] for pk in ids if pk in cache}


def _make_rows(built: Built, pos: np.ndarray, into: dict[int, dict[str, Any]]) -> None:
    """The rows at index positions `pos`, each array read once for all of them."""
    snap = built.snap
    assert snap is not None
    names = snap.region_names
    version = built.version
    columns = zip(pos.tolist(), snap.texts(pos), built.ids[pos].tolist(), built.kind[pos].tolist(),
                  built.status[pos].tolist(), built.closed_until[pos].tolist(),
                  built.sched[pos].tolist(), built.mask[pos].tolist(), snap.lng[pos].tolist(),
                  snap.lat[pos].tolist(), snap.region[pos].tolist(), strict=True)
    for p, text, pk, kind_code, status_code, until, sched, mask, lng, lat, region in columns:
        name, address, phone, reason = text
        kind, status = snap.codes(p, kind_code, status_code)
        into[pk] = {
            "id": pk, "name": name, "kind": kind, "address": address, "lng": lng, "lat": lat,
            "phone": phone, "status": status, "closed_reason": reason,
            "closed_until": None if until == math.inf else datetime.fromtimestamp(until, UTC),
            "service_mask": mask, "region__name": names.get(region, ""),
            "hours": built.schedules[sched], "_hkey": f"#{version}:{sched}",
        }


def db_rows(built: Built, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The same rows read from the database (one plain SQL query): the reference the
    snapshot is tested against, and what the selector did before the snapshot."""
    out: dict[int, dict[str, Any]] = {}
    if not ids:
        return out
    for t in _fetch(ids):
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
