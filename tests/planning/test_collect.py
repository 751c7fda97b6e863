"""Station visits and imported heat maps become cell counts; commands report in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from nuanxin.planning import cells, sketch
from nuanxin.planning.models import CellDemand, DemandSource
from nuanxin.planning.services import collect_day, shanghai_day
from nuanxin.stations.services import record_visit
from tests.planning.conftest import DONGCHENG, at


@pytest.mark.django_db
def test_visits_of_a_day_are_counted_in_the_station_cell_and_rerunning_replaces(
        regions: Any, make_station: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    s = make_station("东城暖新驿站", *at(0, 0), services=["toilet"])
    riders = [make_user(("worker", "371702001001")) for _ in range(3)]
    for u in riders:
        record_visit(s, user=u)
    record_visit(s, visitor="ip:10.1.1.1")  # anonymous: counted, not a contributor
    day = shanghai_day()
    assert collect_day(day=day)["visit"] == 1
    assert collect_day(day=day)["visit"] == 1  # idempotent
    row = CellDemand.objects.get(source=DemandSource.VISIT)
    assert row.cell == cells.cell_of(*DONGCHENG) and row.day == day
    # The sketch estimates distinct riders (64 registers: two of three may share one, ~5 %).
    assert row.count == 4 and sketch.estimate(row.contributors) in (2, 3)


@pytest.mark.django_db
def test_import_command_lists_every_bad_row(regions: Any, tmp_path: Path, capsys: Any) -> None:
    good = cells.cell_of(*DONGCHENG)
    f = tmp_path / "heat.csv"
    f.write_text(f"cell,day,count,contributors\n{good},2026-11-20,9,5\nxx,2026-11-20,1,1\n"
                 f"{good},2026-11-21,a,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="未写入任何数据（2 行有误）"):
        call_command("import_demand", str(f))
    err = capsys.readouterr().err
    assert "第3行" in err and "第4行：count 应为非负整数" in err
    assert not CellDemand.objects.exists()
    f.write_text(f"cell,day,count,contributors\n{good},2026-11-20,9,5\n", encoding="utf-8")
    call_command("import_demand", str(f))
    assert "已导入 1 个单元日计数" in capsys.readouterr().out
    assert CellDemand.objects.get().source == DemandSource.IMPORT
