"""The display part of every indexed station, packed beside the index (same version).

A nearest answer needs, per station, its name, kind, address, phone, region name,
coordinates, services, status, closure and hours. The index already holds the
numbers (kind, status, closure time, service bits, interned hours); this adds the
text, packed as ONE UTF-8 blob (name, address, phone and closure reason joined by
NUL, which neither PostgreSQL text nor our forms let through; a row that has one
anyway is kept aside) with an offsets array, and the coordinates as float arrays.
About 16 bytes per station plus its text, instead of ~300 bytes as Python objects.

It is filled by `index.build` from the SAME query as the arrays, so it can never
disagree with the index it sits beside, and it is dropped with it when the version
moves: an edit shows at once, and a query reads no rows from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nuanxin.regions.models import Region
from nuanxin.stations.models import StationKind, StationStatus

SEP = "\x00"
KINDS = [k.value for k in StationKind]  # the same order as index.KINDS
STATUSES = [StationStatus.OPEN.value, StationStatus.TEMP_CLOSED.value]  # index._STATUS


class Packer:
    """Collects the text of each station while `index.build` walks the rows."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.odd: dict[int, tuple[str, str, str, str]] = {}
        self.region: list[int] = []
        self.odd_codes: dict[int, tuple[str, str]] = {}

    def add(self, name: str, address: str, phone: str, reason: str, region_id: int,
            kind: str, status: str) -> None:
        if kind not in KINDS or status not in STATUSES:  # not in today's choices: kept as is
            self.odd_codes[len(self.parts)] = (kind, status)
        text = f"{name}{SEP}{address}{SEP}{phone}{SEP}{reason}"
        if text.count(SEP) != 3:
            self.odd[len(self.parts)] = (name, address, phone, reason)
            text = ""
        self.parts.append(text.encode())
        self.region.append(region_id)

    def done(self, lng: np.ndarray, lat: np.ndarray) -> Snapshot:
        lengths = np.fromiter((len(p) for p in self.parts), dtype=np.int64,
                              count=len(self.parts))
        offsets = np.zeros(len(self.parts) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        region = np.asarray(self.region, dtype=np.int64)
        return Snapshot(blob=b"".join(self.parts), offsets=offsets, lng=lng, lat=lat,
                        region=region, region_names=region_names(np.unique(region).tolist()),
                        odd=self.odd, odd_codes=self.odd_codes)


def region_names(ids: list[int]) -> dict[int, str]:
    """Names of the regions stations sit in (a region rename takes the next rebuild)."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        out.update(Region.objects.filter(pk__in=ids[start:start + 500])
                   .values_list("pk", "name"))
    return out


@dataclass
class Snapshot:
    blob: bytes
    offsets: np.ndarray  # station position p: blob[offsets[p]:offsets[p + 1]]
    lng: np.ndarray
    lat: np.ndarray
    region: np.ndarray
    region_names: dict[int, str]
    odd: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)
    odd_codes: dict[int, tuple[str, str]] = field(default_factory=dict)

    def text(self, pos: int) -> tuple[str, str, str, str]:
        """(name, address, phone, closure reason) of the station at position `pos`."""
        return self.texts(np.asarray([pos]))[0]

    def texts(self, pos: np.ndarray) -> list[tuple[str, str, str, str]]:
        """`text` for many positions, the offsets read once."""
        blob, odd = self.blob, self.odd
        out = []
        for p, a, b in zip(pos.tolist(), self.offsets[pos].tolist(),
                           self.offsets[pos + 1].tolist(), strict=True):
            kept = odd.get(p) if odd else None
            if kept is not None:
                out.append(kept)
                continue
            name, address, phone, reason = blob[a:b].decode().split(SEP)
            out.append((name, address, phone, reason))
        return out

    def memory_bytes(self) -> int:
        arrays = (self.offsets, self.lng, self.lat, self.region)
        return len(self.blob) + sum(a.nbytes for a in arrays) + 100 * len(self.region_names)

    def codes(self, pos: int, kind: int, status: int) -> tuple[str, str]:
        """(kind, status) as text, from the index's small codes."""
        odd = self.odd_codes.get(pos) if self.odd_codes else None
        return odd if odd is not None else (KINDS[kind], STATUSES[status])
