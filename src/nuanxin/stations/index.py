"""The in-process nearest index: one spatial method for SQLite and PostgreSQL, no GIS.

Stations are unit vectors on the sphere in scipy cKDTrees (chord distance is monotonic
in great-circle distance, so the k nearest by chord are the k nearest on the earth).
There is a tree of all stations and, built on first use, one per requested service
(or "any of" group), so "nearest with a toilet" starts from the toilet tree and the
other filters (all requested services, kind, status, open now) are vector masks.
Opening hours are interned: stations with the same hours share one open-now answer
per minute.

The database stays the source of truth: every write bumps `IndexVersion` in its
transaction; each process compares the version before querying (cheaply: a stamp
file touched by writers, plus a DB read at most every CHECK_SECONDS for writers on
other hosts) and rebuilds when it moved. Beside the arrays, `stations.snapshot` keeps the
display text of every station from the same query, so a query reads no rows.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from scipy.spatial import cKDTree

from nuanxin.regions.geo import EARTH_RADIUS_M
from nuanxin.stations import hours as hours_mod
from nuanxin.stations import snapshot
from nuanxin.stations.models import IndexVersion, Station, StationKind, StationStatus

CHECK_SECONDS = 1.0
KINDS = [k.value for k in StationKind]
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
_STATUS = {StationStatus.OPEN.value: 0, StationStatus.TEMP_CLOSED.value: 1}


def xyz(lng: np.ndarray | float, lat: np.ndarray | float) -> np.ndarray:
    lo, la = np.radians(lng), np.radians(lat)
    c = np.cos(la)
    return np.stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)], axis=-1)


def chord_for(metres: float) -> float:
    return 2.0 * math.sin(min(metres, math.pi * EARTH_RADIUS_M) / (2.0 * EARTH_RADIUS_M))


def metres_for(chord: np.ndarray) -> np.ndarray:
    return 2.0 * EARTH_RADIUS_M * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))


@dataclass
class Built:
    version: int
    ids: np.ndarray
    points: np.ndarray
    mask: np.ndarray
    kind: np.ndarray
    status: np.ndarray
    closed_until: np.ndarray
    sched: np.ndarray
    schedules: list[dict[str, Any]]
    build_seconds: float = 0.0
    snap: snapshot.Snapshot | None = None  # the display text: see stations.snapshot
    trees: dict[int, tuple[cKDTree, np.ndarray]] = field(default_factory=dict)
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # see stations.rows
    _open_cache: tuple[int, np.ndarray] | None = None
    _eligible: tuple[int, np.ndarray] | None = None

    def tree(self, key: int) -> tuple[cKDTree, np.ndarray]:
        """All stations (key 0) or those having any service bit in `key`."""
        found = self.trees.get(key)
        if found is None:
            rows = np.arange(len(self.ids)) if key == 0 else np.flatnonzero(self.mask & key)
            found = (cKDTree(self.points[rows], balanced_tree=False, compact_nodes=False), rows)
            self.trees[key] = found
        return found

    def sched_open(self, now: datetime) -> np.ndarray:
        """Open-now per distinct schedule, cached for the minute (hours are in minutes)."""
        minute = int(now.timestamp() // 60)
        cached = self._open_cache
        if cached is None or cached[0] != minute:
            at = datetime.fromtimestamp(minute * 60, hours_mod.TZ)
            arr = np.fromiter((hours_mod.is_open(h, at) for h in self.schedules), dtype=bool,
                              count=len(self.schedules))
            cached = (minute, arr)
            self._open_cache = cached
        return cached[1]

    def open_mask(self, now: datetime) -> np.ndarray:
        """Per station: open at `now` (status, temporary closure, hours); once a minute."""
        minute = int(now.timestamp() // 60)
        cached = self._eligible
        if cached is None or cached[0] != minute:
            at = minute * 60
            st = self.status
            ok = (st == 0) | ((st == 1) & (self.closed_until <= at))
            ok &= self.sched_open(now)[self.sched]
            cached = (minute, ok)
            self._eligible = cached
        return cached[1]

    def memory_bytes(self) -> int:
        arrays = [self.ids, self.points, self.mask, self.kind, self.status, self.closed_until,
                  self.sched]
        total = sum(a.nbytes for a in arrays)
        for tree, rows in self.trees.values():
            total += rows.nbytes + tree.data.nbytes + tree.indices.nbytes + 64 * tree.size
        return total


def build(version: int) -> Built:
    """Read every station that is not closed for good (one query) into arrays."""
    started = time.perf_counter()
    # Hours come as raw JSON text and are interned by it: a million stations share a few
    # hundred schedules, so only the distinct ones are parsed.
    # Ordered by id, so that a station's position is np.searchsorted(ids, id).
    rows = (Station.objects.exclude(status=StationStatus.CLOSED).order_by("id")
            .annotate(hours_text=Cast("hours", output_field=TextField()))
            .values_list("id", "lng", "lat", "kind", "status", "closed_until", "service_mask",
                         "hours_text", "name", "address", "phone", "closed_reason", "region_id"))
    pack = snapshot.Packer()
    ids, lngs, lats, masks, kinds, statuses, until, sched = [], [], [], [], [], [], [], []
    keys: dict[str, int] = {}
    schedules: list[dict[str, Any]] = []
    kind_code, status_code, inf = KIND_CODE.get, _STATUS.get, math.inf
    for (pk, lng, lat, kind, status, closed_until, mask, raw, name, address, phone, reason,
         region_id) in rows.iterator(chunk_size=20000):
        idx = keys.get(raw)
        if idx is None:
            idx = keys[raw] = len(schedules)
            schedules.append(_parse_hours(raw))
        ids.append(pk)
        lngs.append(lng)
        lats.append(lat)
        masks.append(mask)
        kinds.append(kind_code(kind, 255))
        statuses.append(status_code(status, 2))
        until.append(closed_until.timestamp() if closed_until else inf)
        sched.append(idx)
        pack.add(name, address, phone, reason, region_id, kind, status)
    lng_arr, lat_arr = np.asarray(lngs, dtype=np.float64), np.asarray(lats, dtype=np.float64)
    built = Built(
        version=version, ids=np.asarray(ids, dtype=np.int64),
        points=xyz(lng_arr, lat_arr).reshape(-1, 3),
        mask=np.asarray(masks, dtype=np.int64), kind=np.asarray(kinds, dtype=np.uint8),
        status=np.asarray(statuses, dtype=np.uint8), closed_until=np.asarray(until),
        sched=np.asarray(sched, dtype=np.int32), schedules=schedules,
        snap=pack.done(lng_arr, lat_arr),
    )
    built.tree(0)
    built.build_seconds = time.perf_counter() - started
    return built


def _parse_hours(raw: str | None) -> dict[str, Any]:
    value = json.loads(raw) if raw else {}
    if isinstance(value, str):  # some backends hand JSON text back quoted once more
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Query:
    lng: float
    lat: float
    radius_m: float
    limit: int
    groups: tuple[int, ...] = ()  # each group: a station must have ANY bit of it
    kind: str | None = None
    open_now: bool = False


def search(built: Built, q: Query, now: datetime) -> tuple[np.ndarray, np.ndarray]:
    """(station ids, metres) of the nearest matches, nearest first."""
    n_all = len(built.ids)
    if n_all == 0 or q.limit <= 0:
        return np.empty(0, np.int64), np.empty(0)
    key = 0
    if q.groups:  # start from the smallest tree among the required groups
        key = min(q.groups, key=lambda g: len(built.tree(g)[1]))
    tree, rows = built.tree(key)
    n = len(rows)
    if n == 0:
        return np.empty(0, np.int64), np.empty(0)
    lo, la = math.radians(q.lng), math.radians(q.lat)
    point = (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))
    bound = chord_for(q.radius_m) * (1 + 1e-9)
    kind_code = KIND_CODE.get(q.kind, 254) if q.kind else None
    eligible = built.open_mask(now) if q.open_now else None
    others = [g for g in q.groups if g != key]
    k = min(n, max(q.limit * 2, 16))
    while True:
        dist, idx = tree.query(point, k=max(k, 2), distance_upper_bound=bound)
        # results come nearest first; misses (beyond the radius) are at the end as n
        inside = int(np.searchsorted(idx == n, True)) if idx[-1] == n else len(idx)
        exhausted = inside < len(idx) or k >= n
        cand = rows[idx[:inside]]
        ok = eligible[cand] if eligible is not None else np.ones(len(cand), dtype=bool)
        for g in others:
            ok &= (built.mask[cand] & g) != 0
        if kind_code is not None:
            ok &= built.kind[cand] == kind_code
        hits = np.flatnonzero(ok)
        if len(hits) >= q.limit or exhausted:
            hits = hits[: q.limit]
            return built.ids[cand[hits]], metres_for(dist[hits])
        k = min(n, k * 4)


class _Holder:
    """This process's index, rebuilt when the database version moves."""

    def __init__(self) -> None:
        self.built: Built | None = None
        self.lock = threading.Lock()
        self.stamp_seen: tuple[int, int, int] | None = None
        self.checked_at = 0.0
        self.dirty = False


_holder = _Holder()


_STAMP_PATH: list[str] = []


def stamp_path() -> Path:
    return Path(settings.VAR_DIR) / "stations-index.stamp"


def _stamp() -> tuple[int, int, int] | None:
    if not _STAMP_PATH:
        _STAMP_PATH.append(str(stamp_path()))
    try:
        st = os.stat(_STAMP_PATH[0])
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def db_version() -> int:
    row = IndexVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return int(row or 0)


def touch_stamp(version: int) -> None:
    """Tell the other processes on this host to re-check (atomic replace)."""
    path = stamp_path()
    try:
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
        tmp.write_text(f"{version} {time.time_ns()}\n")
        os.replace(tmp, path)
    except OSError:
        pass


def mark_dirty() -> None:
    """This process wrote: rebuild on its next query (even if a rollback reuses a version)."""
    _holder.built = None
    _holder.dirty = True


def current() -> Built:
    """The index, checked against the database version (see module docstring)."""
    h = _holder
    now = time.monotonic()
    stamp = _stamp()
    built = h.built
    if (built is not None and not h.dirty and stamp == h.stamp_seen
            and now - h.checked_at < CHECK_SECONDS):
        return built
    with h.lock:
        version = db_version()
        h.dirty = False
        h.stamp_seen = stamp
        h.checked_at = now
        if h.built is None or h.built.version != version:
            h.built = build(version)
        return h.built


def reset() -> None:
    """Forget the index (tests, after a bulk load)."""
    _holder.built = None
    _holder.dirty = True
