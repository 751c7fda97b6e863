"""Distinct contributors of a cell without storing who they are: a HyperLogLog sketch.

Each contributor (a user id, a network address) is hashed with a keyed BLAKE2b; only the
register it lands in and the run of leading zeros of the rest are kept: 64 registers of
one byte. The sketch never holds an id or a hash, merges by register-wise maximum (so a
period's or a parent cell's distinct count is the merge of its days or children), and for
the small counts that decide the privacy threshold it is exact-or-lower (linear counting):
two contributors that collide in one register count once, so a sparse cell is hidden
rather than shown.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.utils.crypto import salted_hmac

REGISTERS = 64
_P = 6  # 2**6 = 64 registers
_SALT = "nuanxin.planning.sketch"
EMPTY = bytes(REGISTERS)


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return salted_hmac(_SALT, "key", secret=secret, algorithm="sha256").digest()[:32]


def _hash64(token: str) -> int:
    """A keyed 64-bit hash (BLAKE2b keyed with a key derived from SECRET_KEY)."""
    key = _key(settings.SECRET_KEY)
    return int.from_bytes(hashlib.blake2b(token.encode(), key=key, digest_size=8).digest(),
                          "big")


def add(registers: bytearray, token: str) -> None:
    """Count `token` into `registers` (in place)."""
    h = _hash64(token)
    idx = h >> (64 - _P)
    rest = h & ((1 << (64 - _P)) - 1)
    rank = (64 - _P) - rest.bit_length() + 1
    if rank > registers[idx]:
        registers[idx] = rank


def of(tokens: Iterable[str]) -> bytes:
    regs = bytearray(REGISTERS)
    for t in tokens:
        add(regs, t)
    return bytes(regs)


def merge(a: bytes | bytearray | memoryview, b: bytes | bytearray | memoryview) -> bytes:
    a, b = bytes(a) or EMPTY, bytes(b) or EMPTY
    return bytes(max(x, y) for x, y in zip(a, b, strict=True))


def merge_all(sketches: Iterable[bytes | bytearray | memoryview]) -> bytes:
    out = bytearray(REGISTERS)
    for s in sketches:
        for i, v in enumerate(bytes(s) or EMPTY):
            if v > out[i]:
                out[i] = v
    return bytes(out)


def estimate(registers: bytes | bytearray | memoryview) -> int:
    """Distinct contributors, rounded down; linear counting while registers are empty."""
    regs = bytes(registers) or EMPTY
    m = REGISTERS
    zeros = regs.count(0)
    if zeros == m:
        return 0
    raw = 0.709 * m * m / sum(2.0 ** -r for r in regs)
    if raw <= 2.5 * m and zeros:
        return int(m * math.log(m / zeros))
    return int(raw)


def estimate_many(matrix: np.ndarray) -> np.ndarray:
    """`estimate` for each row of an (n, 64) uint8 matrix of registers, vectorised."""
    m = REGISTERS
    if matrix.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    zeros = (matrix == 0).sum(axis=1)
    raw = 0.709 * m * m / np.power(2.0, -matrix.astype(float)).sum(axis=1)
    with np.errstate(divide="ignore"):
        linear = m * np.log(m / np.maximum(zeros, 1))
    out = np.where((raw <= 2.5 * m) & (zeros > 0), linear, raw)
    out[zeros == m] = 0
    result: np.ndarray = np.floor(out + 1e-9).astype(np.int64)
    return result


def as_matrix(sketches: list[bytes]) -> np.ndarray:
    if not sketches:
        return np.zeros((0, REGISTERS), dtype=np.uint8)
    buf = b"".join(bytes(s) or EMPTY for s in sketches)
    return np.frombuffer(buf, dtype=np.uint8).reshape(-1, REGISTERS)
