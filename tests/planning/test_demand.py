"""Demand is cells and counts only; sparse cells are merged into the parent or hidden."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import models

from nuanxin.kernel.errors import RowErrors
from nuanxin.planning import cells, sketch
from nuanxin.planning.demand import demand_for
from nuanxin.planning.models import CandidateSite, CellDemand, DemandSource
from nuanxin.planning.services import flush_finder_counts, import_cell_counts
from nuanxin.regions.models import Region
from tests.planning.conftest import DAY, DONGCHENG, at, put_demand


def test_sketch_counts_small_sets_exactly_or_lower_and_merges() -> None:
    for seed in range(20):
        for n in range(5):  # below the threshold: never counted up to it
            assert sketch.estimate(sketch.of(f"{seed}-rider-{i}" for i in range(n))) <= n
    for n in (5, 8, 12, 20):
        est = [sketch.estimate(sketch.of(f"{seed}-rider-{i}" for i in range(n)))
               for seed in range(60)]
        assert abs(sum(est) / len(est) - n) <= 0.1 * n  # unbiased on average
        assert all(abs(e - n) <= max(2, 0.4 * n) for e in est)
    a = sketch.of(f"r{i}" for i in range(30))
    b = sketch.of(f"r{i}" for i in range(20, 60))
    assert 50 <= sketch.estimate(sketch.merge(a, b)) <= 70  # 60 distinct, not 70
    assert sketch.estimate(sketch.merge(a, a)) == sketch.estimate(a)  # same riders: once


@pytest.mark.django_db
def test_threshold_hides_sparse_cells_or_merges_them_into_the_parent(
        regions: dict[str, Region]) -> None:
    busy = put_demand(*DONGCHENG, asks=40, people=9)
    # two sparse neighbours (4 riders each, different riders) in one parent: merged, shown
    lone = at(6000, 200)
    lone_cell = put_demand(*lone, asks=7, people=4, tag="a")
    sib = next(c for c in cells.h3.grid_disk(lone_cell, 1)
               if c != lone_cell and cells.parent(c) == cells.parent(lone_cell))
    put_demand(*cells.centre(sib), asks=5, people=4, tag="b")
    # a cell far away with 2 riders, alone in its parent: hidden from every view
    hermit = put_demand(*at(20000, 100), asks=30, people=2, tag="c")
    d = demand_for(regions["371702"], DAY, DAY)
    shown = dict(zip(d.cells, d.weight.tolist(), strict=True))
    assert shown[busy] == 40
    assert lone_cell not in shown and sib not in shown and hermit not in shown
    assert shown[cells.parent(lone_cell)] == 12  # 7 + 5 asks, 8 riders >= 5
    assert cells.parent(hermit) not in shown
    assert d.hidden_cells == 1 and d.hidden_weight == 30
    # the threshold is a setting: at 10 riders even the busy cell is not shown
    assert busy not in demand_for(regions["371702"], DAY, DAY, min_contributors=10).cells


@pytest.mark.django_db
def test_a_period_counts_the_same_rider_once_across_days(regions: dict[str, Region]) -> None:
    # the same 3 riders ask on 4 days: still 3 distinct riders, so the cell stays hidden
    for i in range(4):
        put_demand(*DONGCHENG, asks=10, people=3, day=DAY + timedelta(days=i))
    d = demand_for(regions["371702"], DAY, DAY + timedelta(days=3))
    assert d.cells == [] and d.hidden_weight == 40


def test_tables_hold_cells_and_counts_only() -> None:
    fields = {f.name: type(f) for f in CellDemand._meta.get_fields()}
    assert fields == {"id": models.BigAutoField, "cell": models.CharField,
                      "day": models.DateField, "source": models.CharField,
                      "region": models.ForeignKey, "count": models.PositiveIntegerField,
                      "contributors": models.BinaryField}
    # candidate sites are cell centres staff put forward: no rider in them
    assert {f.name for f in CandidateSite._meta.get_fields()} == {
        "id", "cell", "name", "region", "lng", "lat", "added_by", "created_at"}


@pytest.mark.django_db
def test_finder_queries_become_cell_counts_and_nothing_else(
        regions: dict[str, Region], api: Any, make_user: Callable[..., Any],
        demand_rows: Callable[[], list[CellDemand]]) -> None:
    lng, lat = at(137, 33)
    for i in range(6):  # six phones ask about the same spot
        r = api.get("/api/stations/nearest", {"lng": lng, "lat": lat},
                    REMOTE_ADDR=f"10.0.0.{i + 1}")
        assert r.status_code == 200
    api.get("/api/stations/nearest", {"lng": lng, "lat": lat}, REMOTE_ADDR="10.0.0.1")
    assert flush_finder_counts() == 1
    rows = demand_rows()
    assert len(rows) == 1
    row = rows[0]
    assert row.cell == cells.cell_of(lng, lat) and row.source == DemandSource.FINDER
    assert row.count == 7
    # six phones (the seventh ask repeats one): the sketch reads 6, or 5 when two of them
    # share a register; never 7
    assert sketch.estimate(row.contributors) in (5, 6)
    assert row.region is not None and row.region.code == "371702001"
    # no coordinate, address or id in any stored value
    stored = [str(v) for v in CellDemand.objects.values_list(
        "cell", "day", "source", "region_id", "count").get()]
    assert not any(f"{lng:.3f}"[:7] in v or "10.0.0" in v for v in stored)
    assert b"10.0.0" not in bytes(row.contributors)


@pytest.mark.django_db
def test_csv_import_reports_every_bad_row_and_writes_nothing(
        regions: dict[str, Region], demand_rows: Callable[[], list[CellDemand]]) -> None:
    good = cells.cell_of(*DONGCHENG)
    coarse = cells.parent(good)
    text = ("cell,day,count,contributors\n"
            f"{good},2026-11-20,50,8\n"
            "nonsense,2026-11-20,3,1\n"
            f"{coarse},2026-11-20,3,1\n"
            f"{good},2026-13-01,3,1\n"
            f"{good},2026-11-21,-1,0\n"
            f"{good},2026-11-22,3,9\n")
    with pytest.raises(RowErrors) as e:
        import_cell_counts(text=text)
    assert [line for line, _ in e.value.errors] == [3, 4, 5, 6, 7]
    assert "不是有效的H3单元" in e.value.errors[0][1] and "第8级" in e.value.errors[1][1]
    assert demand_rows() == []
    assert import_cell_counts(text="cell,day,count,contributors\n"
                                   f"{good},2026-11-20,50,8\n") == 1
    row = demand_rows()[0]
    assert (row.count, sketch.estimate(row.contributors), row.day) == (50, 8, date(2026, 11, 20))
