"""The exact MCLP answer equals brute force on small instances; a time limit still answers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import sparse

from nuanxin.planning import mclp


def brute(weights: np.ndarray, a: sparse.csr_matrix, k: int) -> float:
    best = 0.0
    for combo in itertools.combinations(range(a.shape[1]), min(k, a.shape[1])):
        hit = np.asarray(a[:, list(combo)].sum(axis=1)).ravel() > 0
        best = max(best, float(weights[hit].sum()))
    return best


def covered(weights: np.ndarray, a: sparse.csr_matrix, chosen: list[int]) -> float:
    if not chosen:
        return 0.0
    return float(weights[np.asarray(a[:, chosen].sum(axis=1)).ravel() > 0].sum())


@pytest.mark.parametrize("seed", range(40))
def test_exact_equals_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m, k = int(rng.integers(4, 16)), int(rng.integers(3, 10)), int(rng.integers(1, 5))
    a = sparse.csr_matrix((rng.random((n, m)) < rng.uniform(0.15, 0.5)).astype(np.int8))
    w = rng.integers(1, 30, n).astype(float)
    ans = mclp.exact(mclp.Cover(w, a), k)
    assert ans.status == "optimal" and ans.gap <= 1e-4
    assert len(ans.chosen) <= k and len(set(ans.chosen)) == len(ans.chosen)
    best = brute(w, a, k)
    assert ans.value == pytest.approx(best)
    assert covered(w, a, ans.chosen) == pytest.approx(best)  # the sites really cover it
    assert sum(ans.gains) == pytest.approx(best)
    g = mclp.greedy(mclp.Cover(w, a), k)
    assert g.value <= best + 1e-9 and covered(w, a, g.chosen) == pytest.approx(g.value)


def test_greedy_can_be_beaten_and_exact_finds_the_optimum() -> None:
    # the classic trap: one big site overlapping two that together cover more
    w = np.array([10.0, 10.0, 1.0, 1.0])
    a = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=np.int8))
    assert mclp.greedy(mclp.Cover(w, a), 2).value == 21.0
    ans = mclp.exact(mclp.Cover(w, a), 2)
    assert ans.value == 22.0 and sorted(ans.chosen) == [1, 2]


def test_a_tight_time_limit_still_returns_an_answer_and_its_gap() -> None:
    rng = np.random.default_rng(7)
    n, m = 3000, 800
    a = sparse.random(n, m, density=0.004, random_state=7, format="csr")
    a.data[:] = 1
    w = rng.integers(1, 100, n).astype(float)
    cov = mclp.Cover(w, a.astype(np.int8))
    ans = mclp.exact(cov, 40, time_limit=0.001)
    assert len(ans.chosen) == 40
    assert ans.value == pytest.approx(covered(w, cov.matrix, ans.chosen))
    assert ans.bound >= ans.value
    assert 0 <= ans.gap <= 1


def test_reduce_merges_rows_with_the_same_candidates_and_drops_unreachable() -> None:
    w = np.array([1.0, 2.0, 4.0, 8.0])
    a = sparse.csr_matrix(np.array([[1, 0, 0], [1, 0, 0], [0, 0, 0], [0, 1, 0]], dtype=np.int8))
    red, used = mclp.reduce(mclp.Cover(w, a))
    assert list(used) == [0, 1]  # candidate 2 reaches nothing
    assert sorted(red.weights.tolist()) == [3.0, 8.0]  # rows 0 and 1 merged; row 2 gone


def test_reach_uses_great_circle_metres() -> None:
    lng0, lat0 = 115.49, 35.24
    east_900 = lng0 + 900 / (111_320 * np.cos(np.radians(lat0)))
    east_1100 = lng0 + 1100 / (111_320 * np.cos(np.radians(lat0)))
    m = mclp.reach(np.array([lng0]), np.array([lat0]), np.array([east_900, east_1100]),
                   np.array([lat0, lat0]), 1000.0)
    assert m.toarray().tolist() == [[1, 0]]
