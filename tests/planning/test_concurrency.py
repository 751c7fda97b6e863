"""Many processes flushing the same cell at once add up: no lost count, one row."""

from __future__ import annotations

from typing import Any

import pytest

from nuanxin.planning import cells, sketch
from nuanxin.planning.models import CellDemand, DemandSource
from nuanxin.planning.services import Tally, add_demand
from tests.concurrency import run_together
from tests.planning.conftest import DAY, DONGCHENG

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_flushes_of_one_cell_add_up(postgres_only: None, regions: Any) -> None:
    cell = cells.cell_of(*DONGCHENG)

    def flush(i: int) -> Any:
        t = Tally(count=3)
        t.add(f"rider-{i}", times=0)
        return add_demand(tallies={(cell, DAY): t}, source=DemandSource.FINDER)

    results = run_together([lambda i=i: flush(i) for i in range(24)])
    assert results == [1] * 24
    row = CellDemand.objects.get()
    assert row.count == 72
    assert sketch.estimate(row.contributors) >= 20  # 24 riders, merged not overwritten
