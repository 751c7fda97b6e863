"""Which township a cell belongs to: the township whose centre is nearest the cell's centre.

Regions carry a point, not a boundary, so nearest-centre is the honest rule until the
places issue brings boundaries; the tree is rebuilt when the townships change.
"""

from __future__ import annotations

import threading

import numpy as np
from scipy.spatial import cKDTree

from nuanxin.planning.geo import xyz
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

_lock = threading.Lock()
_cache: dict[str, object] = {}


def _tree() -> tuple[cKDTree | None, list[int]]:
    rows = list(Region.objects.filter(level=Level.TOWNSHIP, lng__isnull=False, lat__isnull=False)
                .order_by("id").values_list("id", "lng", "lat"))
    key = (len(rows), rows[-1][0] if rows else 0, sum(r[0] for r in rows))
    with _lock:
        if _cache.get("key") == key:
            return _cache["tree"], _cache["ids"]  # type: ignore[return-value]
        tree = cKDTree(xyz([r[1] for r in rows], [r[2] for r in rows])) if rows else None
        ids = [r[0] for r in rows]
        _cache.update(key=key, tree=tree, ids=ids)
        return tree, ids


def townships_of(lng: np.ndarray | list[float], lat: np.ndarray | list[float]) -> list[int | None]:
    """The nearest township's id for each point (None when no township has a point)."""
    tree, ids = _tree()
    if tree is None or len(lng) == 0:
        return [None] * len(lng)
    _, idx = tree.query(xyz(lng, lat))
    return [ids[int(i)] for i in np.atleast_1d(idx)]


def reset() -> None:
    with _lock:
        _cache.clear()
