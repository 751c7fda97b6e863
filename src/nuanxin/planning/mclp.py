"""The maximal covering location problem, exactly: a sparse MILP solved by HiGHS.

Pure NumPy/SciPy/HiGHS (no Django) so the app, the tests and `bench/coverage` share it.

    max  Σ w_i y_i
    s.t. y_i ≤ Σ_{j ∈ N_i} x_j   for every demand i not yet covered
         Σ x_j ≤ K,  x_j ∈ {0, 1},  0 ≤ y_i ≤ 1

Only uncovered demand that some candidate reaches enters the model, and demand cells that
the very same candidates reach are merged into one row (their weights summed): the model is
as small as the geometry allows. The greedy answer is computed first and handed to HiGHS as
its starting incumbent, so a time limit always returns an answer with its gap, never nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from nuanxin.planning.geo import chord, xyz


@dataclass
class Cover:
    """Which candidates reach which demand: `matrix[i, j]` is 1 when j is within R of i."""

    weights: np.ndarray  # (n_demand,)
    matrix: sparse.csr_matrix  # (n_demand, n_candidates), 0/1


@dataclass
class Answer:
    chosen: list[int]  # candidate indexes, in the order of their gain (greedy) or weight
    value: float  # demand weight newly covered
    bound: float  # upper bound on the optimum (== value when proven optimal)
    gap: float  # (bound - value) / bound, 0 when proven
    solver: str
    status: str
    seconds: float
    gains: list[float] = field(default_factory=list)  # demand each chosen site adds, in order


def reach(points_lng: np.ndarray, points_lat: np.ndarray, sites_lng: np.ndarray,
          sites_lat: np.ndarray, radius_m: float) -> sparse.csr_matrix:
    """0/1 sparse matrix points × sites: 1 when the site is within `radius_m`."""
    n, m = len(points_lng), len(sites_lng)
    if n == 0 or m == 0:
        return sparse.csr_matrix((n, m), dtype=np.int8)
    tree_p = cKDTree(xyz(points_lng, points_lat))
    tree_s = cKDTree(xyz(sites_lng, sites_lat))
    coo = tree_p.sparse_distance_matrix(tree_s, chord(radius_m), output_type="coo_matrix")
    mat = sparse.csr_matrix((np.ones(coo.nnz, dtype=np.int8), (coo.row, coo.col)), shape=(n, m))
    return mat


def covered_by(points_lng: np.ndarray, points_lat: np.ndarray, sites_lng: np.ndarray,
               sites_lat: np.ndarray, radius_m: float) -> np.ndarray:
    """Boolean per point: is any site within `radius_m`?"""
    if len(points_lng) == 0:
        return np.zeros(0, dtype=bool)
    if len(sites_lng) == 0:
        return np.zeros(len(points_lng), dtype=bool)
    tree = cKDTree(xyz(sites_lng, sites_lat))
    dist, _ = tree.query(xyz(points_lng, points_lat), k=1, distance_upper_bound=chord(radius_m))
    inside: np.ndarray = np.isfinite(np.asarray(dist))
    return inside


def reduce(cover: Cover) -> tuple[Cover, np.ndarray]:
    """Drop unreachable demand and idle candidates; merge demand rows with equal candidate
    sets. Returns the reduced cover and the original index of each kept candidate."""
    mat = cover.matrix.tocsr()
    mat.sum_duplicates()
    mat.sort_indices()
    row_nnz = np.diff(mat.indptr)
    keep_rows = np.flatnonzero((row_nnz > 0) & (cover.weights > 0))
    mat = mat[keep_rows]
    w = cover.weights[keep_rows].astype(float)
    used = np.flatnonzero(np.diff(mat.tocsc().indptr) > 0)
    mat = mat[:, used].tocsr()
    mat.sort_indices()
    # rows with the same candidate set: hash each row's index list
    keys: dict[bytes, int] = {}
    group = np.empty(mat.shape[0], dtype=np.int64)
    ind, ptr = mat.indices, mat.indptr
    for r in range(mat.shape[0]):
        k = ind[ptr[r]:ptr[r + 1]].tobytes()
        group[r] = keys.setdefault(k, len(keys))
    n_groups = len(keys)
    if n_groups < mat.shape[0]:
        first = np.full(n_groups, -1, dtype=np.int64)
        first[group[::-1]] = np.arange(mat.shape[0])[::-1]
        merged_w = np.bincount(group, weights=w, minlength=n_groups)
        mat = mat[first]
        w = merged_w
    return Cover(weights=w, matrix=mat.tocsr()), used


def greedy(cover: Cover, k: int) -> Answer:
    """Lazy greedy (a (1-1/e)-approximation): the answer shown at once."""
    import heapq

    started = time.perf_counter()
    mat = cover.matrix.tocsr()
    csc = mat.tocsc()
    w = cover.weights
    gain = np.asarray(csc.T @ w).ravel() if csc.shape[1] else np.zeros(0)
    heap = [(-float(g), j) for j, g in enumerate(gain) if g > 0]
    heapq.heapify(heap)
    covered = np.zeros(mat.shape[0], dtype=bool)
    chosen: list[int] = []
    gains: list[float] = []
    while heap and len(chosen) < k:
        _neg, j = heapq.heappop(heap)
        rows = csc.indices[csc.indptr[j]:csc.indptr[j + 1]]
        fresh = rows[~covered[rows]]
        g = float(w[fresh].sum())
        if heap and g < -heap[0][0] - 1e-9:
            if g > 0:
                heapq.heappush(heap, (-g, j))
            continue
        if g <= 0:
            break
        chosen.append(int(j))
        gains.append(g)
        covered[fresh] = True
    value = float(sum(gains))
    return Answer(chosen=chosen, value=value, bound=float(w.sum()), gap=_gap(value, float(
        w.sum())), solver="greedy", status="heuristic", seconds=time.perf_counter() - started,
        gains=gains)


def _gap(value: float, bound: float) -> float:
    if bound <= 1e-12:
        return 0.0
    return max(0.0, (bound - value) / bound)


def exact(cover: Cover, k: int, *, time_limit: float = 10.0, rel_gap: float = 1e-4,
          start: Answer | None = None) -> Answer:
    """HiGHS on the reduced model; `start` (the greedy answer) is its first incumbent."""
    import highspy

    started = time.perf_counter()
    red, used = reduce(cover)
    n, m = red.matrix.shape
    if m == 0 or n == 0 or k <= 0:
        return Answer([], 0.0, 0.0, 0.0, "highs", "optimal", time.perf_counter() - started)
    if start is None:
        start_red = greedy(red, k)
    else:  # map the caller's greedy answer into the reduced candidate numbering
        pos = {int(c): i for i, c in enumerate(used)}
        start_red = Answer([pos[c] for c in start.chosen if c in pos], start.value,
                           start.bound, start.gap, start.solver, start.status, 0.0)
    if m <= k:  # every useful candidate fits: take them all
        everything = float(red.weights.sum())
        return _finish(list(range(m)), used, everything, everything, "highs", "optimal",
                       started, red)
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(rel_gap))
    h.setOptionValue("threads", 1)
    h.setOptionValue("presolve", "off")
    inf = highspy.kHighsInf
    # A demand row that one candidate alone reaches is covered exactly when that candidate
    # is chosen: fold its weight into the candidate's objective and drop the row (the
    # model keeps y only where candidates overlap). HiGHS's own presolve is off: on these
    # models it costs more than the whole solve.
    full = red.matrix.tocsr()
    single = np.diff(full.indptr) == 1
    own = np.bincount(full.indices[full.indptr[:-1][single]], weights=red.weights[single],
                      minlength=m)
    shared = full[~single]
    w_shared = red.weights[~single]
    # A candidate that shares no row with another is worth exactly its own demand; an
    # optimum needs at most the K best of those, so the others leave the model.
    alone = np.diff(shared.tocsc().indptr) == 0
    alone_idx = np.flatnonzero(alone)
    best_alone = alone_idx[np.argsort(-own[alone_idx], kind="stable")[:k]]
    cols = np.sort(np.concatenate([np.flatnonzero(~alone), best_alone]))
    shared = shared[:, cols].tocsr()
    own = own[cols]
    col_of = np.full(m, -1, dtype=np.int64)
    col_of[cols] = np.arange(len(cols))
    m = len(cols)
    n = shared.shape[0]
    # columns: x_0..x_{m-1} (binary), y_0..y_{n-1} (continuous); HiGHS minimises
    cost = np.concatenate([-own, -w_shared])
    lower = np.zeros(m + n)
    upper = np.ones(m + n)
    # rows 0..n-1: y_i - Σ x_j ≤ 0 ; row n: Σ x_j ≤ k   (built column-wise)
    a = shared.tocsc()  # n × m
    a.sort_indices()
    x_start = a.indptr.astype(np.int64)
    nnz = int(x_start[-1])
    # column j of x: its rows (coefficient -1) then the cardinality row n (coefficient 1)
    col_start = np.zeros(m + n + 1, dtype=np.int64)
    col_start[1:m + 1] = np.cumsum(np.diff(x_start) + 1)
    index = np.empty(nnz + m + n, dtype=np.int32)
    coef = np.empty(nnz + m + n)
    dest = np.arange(nnz) + np.repeat(col_start[:m] - x_start[:-1], np.diff(x_start))
    index[dest] = a.indices
    coef[dest] = -1.0
    index[col_start[1:m + 1] - 1] = n
    coef[col_start[1:m + 1] - 1] = 1.0
    base = int(col_start[m])  # column of y_i: row i, coefficient 1
    col_start[m + 1:] = base + np.arange(1, n + 1)
    index[base:] = np.arange(n)
    coef[base:] = 1.0
    row_lower = np.full(n + 1, -inf)
    row_upper = np.concatenate([np.zeros(n), [float(k)]])
    lp = highspy.HighsLp()
    lp.num_col_ = m + n
    lp.num_row_ = n + 1
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = col_start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = coef
    lp.integrality_ = [highspy.HighsVarType.kInteger] * m + [highspy.HighsVarType.kContinuous] * n
    h.passModel(lp)
    sol = highspy.HighsSolution()
    x0 = np.zeros(m + n)
    start_cols = col_of[np.asarray(start_red.chosen, dtype=np.int64)]
    x0[start_cols[start_cols >= 0]] = 1.0
    y0 = np.minimum(1.0, np.asarray(shared @ x0[:m]).ravel())
    x0[m:] = y0
    sol.col_value = list(x0)
    h.setSolution(sol)
    h.run()
    info = h.getInfo()
    model_status = h.getModelStatus()
    status_text = h.modelStatusToString(model_status)
    values = np.asarray(h.getSolution().col_value)
    if len(values) == m + n and info.primal_solution_status > 0:  # 2: feasible
        chosen = [int(cols[j]) for j in np.flatnonzero(values[:m] > 0.5)]
    else:
        chosen = list(start_red.chosen)
    got = _covered_weight(red, chosen)
    if got + 1e-9 < start_red.value:  # never worse than the answer we started from
        chosen, got = list(start_red.chosen), start_red.value
    bound = float(-info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else float(
        red.weights.sum())
    bound = max(bound, got)
    proven = model_status == highspy.HighsModelStatus.kOptimal
    status = "optimal" if proven else ("time_limit" if "time" in status_text.lower()
                                       else status_text)
    return _finish(chosen, used, got, bound, "highs", status, started, red)


def _covered_weight(red: Cover, chosen: list[int]) -> float:
    if not chosen:
        return 0.0
    hit = np.asarray(red.matrix[:, chosen].sum(axis=1)).ravel() > 0
    return float(red.weights[hit].sum())


def _finish(chosen: list[int], used: np.ndarray, value: float, bound: float, solver: str,
            status: str, started: float, red: Cover) -> Answer:
    # order the sites by their greedy contribution, so the list reads best-first
    order: list[int] = []
    gains: list[float] = []
    covered = np.zeros(red.matrix.shape[0], dtype=bool)
    csc = red.matrix.tocsc()
    left = set(chosen)
    while left:
        best, best_g, best_rows = -1, -1.0, np.zeros(0, dtype=np.int64)
        for j in left:
            rows = csc.indices[csc.indptr[j]:csc.indptr[j + 1]]
            rows = rows[~covered[rows]]
            g = float(red.weights[rows].sum())
            if g > best_g:
                best, best_g, best_rows = j, g, rows
        left.discard(best)
        covered[best_rows] = True
        order.append(best)
        gains.append(best_g)
    gap = _gap(value, bound)
    return Answer(chosen=[int(used[j]) for j in order], value=value, bound=bound, gap=gap,
                  solver=solver, status=status, seconds=time.perf_counter() - started,
                  gains=gains)


@dataclass
class Planned:
    covered: np.ndarray  # bool per demand point: already within R of a station
    covered_weight: float
    greedy: Answer
    best: Answer  # the exact answer (or the greedy one when exact=False)
    build_seconds: float


def plan(demand_lng: np.ndarray, demand_lat: np.ndarray, weights: np.ndarray,
         station_lng: np.ndarray, station_lat: np.ndarray, cand_lng: np.ndarray,
         cand_lat: np.ndarray, *, radius_m: float, k: int, exact_solve: bool = True,
         time_limit: float = 10.0, rel_gap: float = 1e-4) -> Planned:
    """The whole pipeline the app and the bench share: existing coverage, the sparse
    reach of the candidates over the uncovered demand only, greedy, then exact."""
    t0 = time.perf_counter()
    covered = covered_by(demand_lng, demand_lat, station_lng, station_lat, radius_m)
    open_idx = np.flatnonzero(~covered)
    matrix = reach(demand_lng[open_idx], demand_lat[open_idx], cand_lng, cand_lat, radius_m)
    problem = Cover(weights=np.asarray(weights, dtype=float)[open_idx], matrix=matrix)
    build = time.perf_counter() - t0
    first = greedy(problem, k)
    best = exact(problem, k, time_limit=time_limit, rel_gap=rel_gap, start=first) \
        if exact_solve else first
    return Planned(covered=covered, covered_weight=float(np.asarray(weights)[covered].sum()),
                   greedy=first, best=best, build_seconds=build)
