"""The display rows of found stations, kept beside the index for its version.

One plain SQL query (the ORM costs several times more for this small, hot read), run
once per station per index version; a city's network (≤ PRELOAD_MAX) is read whole.
Hours come from the index's interned schedules (same version), so open-now needs no
JSON work per request. Rows are shared: callers must treat them as read-only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.db import connection

from nuanxin.regions.models import Region
from nuanxin.stations.index import Built
from nuanxin.stations.models import Station

ROW_CACHE_MAX = 50_000
PRELOAD_MAX = 20_000
COLUMNS = ("id", "name", "kind", "address", "lng", "lat", "phone", "status", "closed_reason",
           "closed_until", "service_mask", "region__name")


def _sql(where: str) -> str:
    s, r = Station._meta.db_table, Region._meta.db_table
    cols = ", ".join(f"s.{c}" for c in COLUMNS[:-1])
    return f"SELECT {cols}, r.name FROM {s} s JOIN {r} r ON r.id = s.region_id {where}"


def _as_datetime(value: Any) -> datetime | None:
    """SQLite hands back text (UTC, as Django stores it); PostgreSQL an aware datetime."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _fetch(ids: list[int] | None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        if ids is None:
            cur.execute(_sql(""))
        else:
            cur.execute(_sql(f"WHERE s.id IN ({', '.join(['%s'] * len(ids))})"), ids)
        return list(cur.fetchall())


def rows_for(built: Built, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rows (as dicts keyed like `COLUMNS`, plus `hours` and `_hkey`) for `ids`."""
    cache = built.rows
    if not cache and 0 < len(built.ids) <= PRELOAD_MAX:
        fetched = _fetch(None)
    else:
        missing = [pk for pk in ids if pk not in cache]
        if not missing:
            return {pk: cache[pk] for pk in ids}
        if len(cache) + len(missing) > ROW_CACHE_MAX:
            cache.clear()
        fetched = _fetch(missing)
    if fetched:
        found_ids = np.fromiter((t[0] for t in fetched), dtype=np.int64, count=len(fetched))
        pos = np.searchsorted(built.ids, found_ids)
        pos[pos >= len(built.ids)] = 0
        known = built.ids[pos] == found_ids
        for t, p, k in zip(fetched, pos.tolist(), known.tolist(), strict=True):
            if not k:  # closed for good, or newer than this index: not listed
                continue
            row = dict(zip(COLUMNS, t, strict=True))
            row["closed_until"] = _as_datetime(row["closed_until"])
            sched = int(built.sched[p])
            row["hours"] = built.schedules[sched]
            row["_hkey"] = f"#{built.version}:{sched}"
            cache[row["id"]] = row
    return {pk: cache[pk] for pk in ids if pk in cache}
