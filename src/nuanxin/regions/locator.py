"""The in-process "where is this?" index: one STRtree over every region boundary.

No GIS extension: the boundaries are GeoJSON text in `Region.boundary`; each process
reads them once into prepared shapely geometries in an STRtree and answers a point by
bounding-box candidates (the tree) then one vectorised `contains_xy` over the few
candidates (prepared, so each test is a fast point-in-polygon). The deepest containing
region wins and its chain of ancestors is precomputed, so a query reads no rows.

Freshness across processes: every boundary or tree change moves `BoundaryVersion` in
its transaction (`regions.services.bump_boundary_version`); each process compares the
version before querying, at most once every CHECK_SECONDS (and at once after its own
writes), and rebuilds when it moved.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely import STRtree

from nuanxin.regions.levels import DEPTH
from nuanxin.regions.location import LocatedRegion
from nuanxin.regions.models import PATH_SEP, BoundaryVersion, Region

CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Node:
    """A region as the index keeps it (no database row needed to answer)."""

    pk: int
    code: str
    name: str
    level: str
    path: str
    lng: float | None
    lat: float | None
    generated: bool


@dataclass
class Built:
    version: int
    nodes: list[Node]
    by_code: dict[str, int]
    chain: list[tuple[int, ...]]  # per node: the node indices from the root down to it
    children: list[np.ndarray]  # per node: its children's node indices
    kids_have_boundary: np.ndarray  # per node: does any child carry a boundary?
    geoms: np.ndarray  # prepared boundaries
    geom_node: np.ndarray  # per geometry: its node index
    geom_depth: np.ndarray
    tree: STRtree | None
    xyz: np.ndarray  # per node: unit vector of its point (nan when it has none)
    depth: np.ndarray  # per node: its level's depth (city 0 ... grid 4)
    extent: list[int] = field(default_factory=list)  # geoms of the top level with boundaries
    city_name: str = "本市"
    build_seconds: float = 0.0
    _located: dict[int, tuple[LocatedRegion, ...]] = field(default_factory=dict)

    def located(self, node: int) -> tuple[LocatedRegion, ...]:
        """The chain of `node` as answer values (made once per node, then shared)."""
        found = self._located.get(node)
        if found is None:
            found = tuple(LocatedRegion(n.pk, n.code, n.name, n.level)
                          for n in (self.nodes[i] for i in self.chain[node]))
            self._located[node] = found
        return found

    def contains(self, lng: float, lat: float) -> int | None:
        """The deepest node whose boundary contains the point, or None."""
        if self.tree is None:
            return None
        cand = self.tree.query(shapely.Point(lng, lat))
        if len(cand) == 0:
            return None
        hit = cand[shapely.contains_xy(self.geoms[cand], lng, lat)]
        if len(hit) == 0:
            return None
        best = hit[self.geom_depth[hit].argmax()] if len(hit) > 1 else hit[0]
        return int(self.geom_node[best])

    def inside_extent(self, lng: float, lat: float) -> bool | None:
        """Inside the area the boundaries cover (None when no city or county has one)."""
        if not self.extent:
            return None
        return bool(shapely.contains_xy(self.geoms[self.extent], lng, lat).any())

    def nearest(self, among: np.ndarray, lng: float, lat: float, max_m: float = math.inf
                ) -> int | None:
        """The node of `among` whose point is nearest, within max_m metres."""
        if len(among) == 0:
            return None
        p = _xyz(lng, lat)
        d2 = ((self.xyz[among] - p) ** 2).sum(axis=1)
        d2 = np.where(np.isnan(d2), np.inf, d2)
        i = int(np.argmin(d2))
        if not np.isfinite(d2[i]):
            return None
        if max_m < math.inf and math.sqrt(d2[i]) > _chord(max_m):
            return None
        return int(among[i])


def _xyz(lng: float, lat: float) -> np.ndarray:
    lo, la = math.radians(lng), math.radians(lat)
    return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])


def _chord(metres: float) -> float:
    return 2.0 * math.sin(metres / (2.0 * 6_371_008.8))


def build(version: int) -> Built:
    """Read every region (one query) and its boundary into the index."""
    started = time.perf_counter()
    rows = list(Region.objects.order_by("path").values_list(
        "pk", "code", "name", "level", "path", "lng", "lat", "boundary_generated", "boundary"))
    nodes: list[Node] = []
    by_code: dict[str, int] = {}
    texts: list[str] = []
    text_node: list[int] = []
    for pk, code, name, level, path, lng, lat, generated, boundary in rows:
        by_code[code] = len(nodes)
        if boundary:
            texts.append(boundary)
            text_node.append(len(nodes))
        nodes.append(Node(pk, code, name, level, path, lng, lat, generated))
    chain: list[tuple[int, ...]] = []
    kids: list[list[int]] = [[] for _ in nodes]
    for i, n in enumerate(nodes):
        codes = [c for c in n.path.split(PATH_SEP) if c]
        up = tuple(by_code[c] for c in codes if c in by_code)
        chain.append(up)
        if len(up) > 1:
            kids[up[-2]].append(i)
    geoms = shapely.from_geojson(np.array(texts, dtype=object)) if texts else np.empty(0, object)
    shapely.prepare(geoms)
    geom_node = np.array(text_node, dtype=np.int64)
    geom_depth = np.array([DEPTH.get(nodes[i].level, 9) for i in text_node], dtype=np.int64)
    has_geom = np.zeros(len(nodes), dtype=bool)
    has_geom[geom_node] = True
    kids_have = np.array([bool(has_geom[k].any()) if k else False for k in kids], dtype=bool)
    lngs = np.array([n.lng if n.lng is not None else np.nan for n in nodes], dtype=float)
    lats = np.array([n.lat if n.lat is not None else np.nan for n in nodes], dtype=float)
    lo, la = np.radians(lngs), np.radians(lats)
    xyz = np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)
    extent: list[int] = []
    if len(geom_depth):
        top = int(geom_depth.min())
        if top <= DEPTH["county"]:
            extent = [int(i) for i in np.flatnonzero(geom_depth == top)]
    built = Built(
        version=version, nodes=nodes, by_code=by_code, chain=chain,
        children=[np.array(k, dtype=np.int64) for k in kids], kids_have_boundary=kids_have,
        geoms=geoms, geom_node=geom_node, geom_depth=geom_depth,
        tree=STRtree(geoms) if len(geoms) else None, xyz=xyz.reshape(-1, 3),
        depth=np.array([DEPTH.get(n.level, 9) for n in nodes], dtype=np.int64), extent=extent,
    )
    cities = [n.name for n in nodes if n.level == "city"]
    built.city_name = cities[0] if len(cities) == 1 else "本市"
    built.build_seconds = time.perf_counter() - started
    return built


class _Holder:
    def __init__(self) -> None:
        self.built: Built | None = None
        self.lock = threading.Lock()
        self.checked_at = 0.0


_holder = _Holder()


def db_version() -> int:
    row = BoundaryVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return int(row or 0)


def current() -> Built:
    """The index, checked against the database version at most once a second."""
    h = _holder
    built = h.built
    now = time.monotonic()
    if built is not None and now - h.checked_at < CHECK_SECONDS:
        return built
    with h.lock:
        version = db_version()
        h.checked_at = time.monotonic()
        if h.built is None or h.built.version != version:
            h.built = build(version)
        return h.built


def peek() -> Built:
    """The index as it is, without the version check, for display (names, places): a
    second-old tree is fine there, and a list page then reads no extra row."""
    return _holder.built or current()


def reset() -> None:
    """Forget the index: this process changed boundaries or the tree (or a test did)."""
    _holder.built = None
    _holder.checked_at = 0.0
