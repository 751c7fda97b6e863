"""Importing a division file: all rows or none, every bad row named, idempotent."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import nuanxin.regions
from nuanxin.kernel.errors import RowErrors
from nuanxin.regions.importer import import_regions
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import descendant_counts, get_region, subtree

pytestmark = pytest.mark.django_db
HEZE = Path(nuanxin.regions.__file__).parent / "data" / "heze_divisions.csv"


def test_heze_file_gives_the_real_tree() -> None:
    result = import_regions(HEZE.read_text(encoding="utf-8"))
    assert result.created == 5219
    city = get_region("371700")
    assert city.name == "菏泽市"
    assert descendant_counts(city) == {"county": 11, "township": 167, "village": 5040, "grid": 0}
    caoxian = get_region("371721")
    assert caoxian.name == "曹县"
    assert descendant_counts(caoxian)["village"] == 807  # per SOURCE.md


def test_second_import_changes_nothing() -> None:
    text = HEZE.read_text(encoding="utf-8")
    import_regions(text)
    again = import_regions(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5219)
    assert Region.objects.count() == 5219


def test_everything_under_a_county_is_one_indexed_query() -> None:
    import_regions(HEZE.read_text(encoding="utf-8"))
    caoxian = get_region("371721")
    with CaptureQueriesContext(connection) as queries:
        n = len(list(subtree(caoxian).values_list("code", flat=True)))
    assert len(queries) == 1
    assert n == 1 + descendant_counts(caoxian)["township"] + 807
    if connection.vendor == "sqlite":
        sql, params = subtree(caoxian).query.sql_with_params()
        with connection.cursor() as c:
            plan = " ".join(str(row) for row in c.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan


BAD = """code,name,level,parent_code
371700,菏泽市,city,
37170X,坏代码,county,371700
371702,,county,371700
371703,定陶区,province,371700
371704,某区,county,999999
371702001,东城街道,village,371700
371705,重复,county,371700
371705,重复,county,371700
"""


def test_bad_file_reports_every_bad_row_and_imports_nothing() -> None:
    with pytest.raises(RowErrors) as caught:
        import_regions(BAD)
    lines = {line: msg for line, msg in caught.value.errors}
    assert set(lines) == {3, 4, 5, 6, 7, 9}
    assert "区划代码(code)" in lines[3]
    assert "名称(name)不能为空" in lines[4]
    assert "层级(level)“province”" in lines[5]
    assert "上级代码(parent_code)“999999”不存在" in lines[6]
    assert "不能作为village的上级" in lines[7]
    assert "与第8行重复" in lines[9]
    assert Region.objects.count() == 0


def test_wrong_header_is_refused() -> None:
    with pytest.raises(RowErrors) as caught:
        import_regions("id,title\n1,x\n")
    assert caught.value.errors[0][0] == 1
    assert "表头应为 code,name,level,parent_code" in caught.value.errors[0][1]


def test_command_prints_each_bad_row(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(BAD, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="共6行有错误，未导入任何数据"):
        call_command("import_regions", str(f), stderr=err, verbosity=0)
    assert "第3行" in err.getvalue() and "第9行" in err.getvalue()
    assert Region.objects.count() == 0


def test_command_imports_a_good_file(tmp_path: Path) -> None:
    out = StringIO()
    call_command("import_regions", str(HEZE), stdout=out, verbosity=0)
    assert "新增5219" in out.getvalue()


def test_renamed_and_moved_region_updates_descendant_paths(regions: Any) -> None:
    moved = """code,name,level,parent_code
371702001,东城街道(新),township,371721
"""
    import_regions(moved)
    township = get_region("371702001")
    assert township.name == "东城街道(新)"
    assert township.path == "371700/371721/371702001/"
    grid = get_region("371702001001001")
    assert grid.path == "371700/371721/371702001/371702001001/371702001001001/"
    assert descendant_counts(get_region("371702"))["village"] == 1
