"""The display rows of found stations, made from the index's snapshot (same version).

No database read per query: the text comes from `stations.snapshot`, the numbers from
the index arrays, hours from its interned schedules (so open-now needs no JSON work
per request). Rows are cached per index version and shared: callers must treat them
as read-only. (tests/stations/db_rows.py reads the same rows from the database: the
reference they are tested against.)
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import numpy as np

from nuanxin.stations.index import Built

ROW_CACHE_MAX = 20_000  # rows are cheap to remake from the snapshot; ~1 KB each


def rows_for(built: Built, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rows (dicts: the station's display fields, `region__name`, `hours` and `_hkey`), made
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
