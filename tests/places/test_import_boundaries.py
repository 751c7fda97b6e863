"""`nuanxin import-boundaries`: GeoJSON, zipped Shapefile, KML; all or nothing; idempotent."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import shapefile
import shapely
from django.core.management import CommandError, call_command

from nuanxin.kernel.coords import wgs84_to_gcj02
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import locate

from .conftest import BOXES, draw

GRID = "371702001001001"


def ring(code: str, convert: Any = None) -> list[list[float]]:
    x0, y0, x1, y1 = BOXES[code]
    pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return [list(convert(*p)) if convert else [x, y] for p in pts for x, y in [p]]


def feature(code: Any, coords: Any, kind: str = "Polygon", field: str = "adcode") -> dict:
    return {"type": "Feature", "properties": {field: code, "name": "x"},
            "geometry": {"type": kind, "coordinates": coords}}


def write(tmp_path: Path, features: list[dict], name: str = "b.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_boundaries", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_geojson_in_gcj02_is_converted_and_a_rerun_changes_nothing(
        regions: Any, tmp_path: Path) -> None:
    draw(["371700", "371702", "371702001", "371702001001"])
    path = write(tmp_path, [feature(GRID, [ring(GRID, wgs84_to_gcj02)])])
    out, _ = run(path, "--level", "grid", "--code-field", "adcode", "--crs", "gcj02")
    assert "新增1" in out
    grid = Region.objects.get(code=GRID)
    assert not grid.boundary_generated
    shape = shapely.from_geojson(grid.boundary)
    assert shapely.normalize(shape).equals_exact(shapely.normalize(shapely.box(*BOXES[GRID])),
                                                 tolerance=1e-6)
    assert locate(115.4925, 35.2425).deepest.code == GRID
    again, _ = run(path, "--level", "grid", "--code-field", "adcode", "--crs", "gcj02")
    assert "新增0，更新0，未变1" in again


def test_every_bad_feature_is_reported_and_nothing_is_written(
        regions: Any, tmp_path: Path) -> None:
    draw(["371700", "371702", "371702001", "371702001001"])
    far = [[[115.60, 35.0], [115.61, 35.0], [115.61, 35.01], [115.60, 35.0]]]
    bow = [[[115.49, 35.24], [115.495, 35.245], [115.495, 35.24], [115.49, 35.245],
            [115.49, 35.24]]]
    path = write(tmp_path, [
        feature(GRID, [ring(GRID)]),                       # 1: good
        feature("999999", [ring(GRID)]),                   # 2: unknown code
        feature("371702001", [ring("371702001")]),         # 3: a township, not a grid
        feature(GRID, [ring(GRID)]),                       # 4: duplicate
        {"type": "Feature", "properties": {"adcode": "371702001001"}, "geometry": None},
        feature("371702001006", far),                      # 6: outside its parent (no, wrong level)
        {"type": "Feature", "properties": {"name": "无代码"},
         "geometry": {"type": "Polygon", "coordinates": [ring(GRID)]}},  # 7: no code
    ])
    with pytest.raises(CommandError, match="共6个要素有错误"):
        run(path, "--level", "grid", "--code-field", "adcode")
    assert Region.objects.get(code=GRID).boundary == ""
    # The grid-level problems: outside the community, a bow tie, a line.
    community = Region.objects.get(code="371702001001")
    Region.objects.create(code="371702001001002", name="第2网格", level="grid",
                          parent=community, path=community.path + "371702001001002/")
    Region.objects.create(code="371702001001003", name="第3网格", level="grid",
                          parent=community, path=community.path + "371702001001003/")
    path = write(tmp_path, [
        feature(GRID, far),
        feature("371702001001002", bow),
        feature("371702001001003", [[115.49, 35.24], [115.495, 35.245]], "LineString"),
    ])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_boundaries", str(path), "--level", "grid", "--code-field",
                     "adcode", stdout=io.StringIO(), stderr=err)
    lines = err.getvalue()
    assert f"第1个要素（代码 {GRID}）：有100%位于上级“东安社区居委会”的边界之外" in lines
    assert "第2个要素（代码 371702001001002）：边界无效" in lines
    assert "第3个要素（代码 371702001001003）：边界应为面" in lines


def test_messages_name_index_and_code(regions: Any, tmp_path: Path) -> None:
    path = write(tmp_path, [feature("999999", [ring(GRID)]),
                            feature("371702001", [ring("371702001")])])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_boundaries", str(path), "--level", "grid", "--code-field",
                     "adcode", stdout=io.StringIO(), stderr=err)
    assert "第1个要素（代码 999999）：区划代码不存在" in err.getvalue()
    assert "第2个要素（代码 371702001）：区划“东城街道”是街道(乡镇)，不是网格" in err.getvalue()


def test_a_self_touching_ring_is_repaired_and_the_repair_reported(
        regions: Any, tmp_path: Path) -> None:
    x0, y0, x1, y1 = BOXES["371702001"]
    mx = (x0 + x1) / 2
    loop = [[x0, y0], [x1, y0], [x1, y1], [mx, y1], [mx + 0.001, y1 - 0.001],
            [mx - 0.001, y1 - 0.001], [mx, y1], [x0, y1], [x0, y0]]
    path = write(tmp_path, [feature("371702001", [loop])])
    out, _ = run(path, "--level", "township", "--code-field", "adcode")
    assert "第1个要素（代码 371702001）：已修复无效边界（Ring Self-intersection" in out
    assert "新增1" in out and "修复1" in out
    assert shapely.from_geojson(Region.objects.get(code="371702001").boundary).is_valid


def test_zipped_shapefile_and_kml(regions: Any, tmp_path: Path) -> None:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON,
                          encoding="utf-8") as w:
        w.field("CODE", "C", size=20)
        w.field("NAME", "C", size=40)
        for code in ("371702", "371721"):
            w.poly([[tuple(p) for p in reversed(ring(code))]])  # shapefile rings: clockwise
            w.record(code, "县区")
    path = tmp_path / "counties.zip"
    with zipfile.ZipFile(path, "w") as z:
        for ext, buf in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            z.writestr(f"counties/counties.{ext}", buf.getvalue())
        z.writestr("counties/counties.cpg", "UTF-8")
    out, _ = run(path, "--level", "county", "--code-field", "CODE")
    assert "新增2" in out
    assert shapely.from_geojson(Region.objects.get(code="371721").boundary).equals(
        shapely.box(*BOXES["371721"]))
    coords = " ".join(f"{x},{y},0" for x, y in ring("371702001"))
    kml = f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>东城街道</name>
<ExtendedData><Data name="code"><value>371702001</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing>
</outerBoundaryIs></Polygon></Placemark></Document></kml>"""
    kml_path = tmp_path / "streets.kml"
    kml_path.write_text(kml, encoding="utf-8")
    out, _ = run(kml_path, "--level", "township", "--code-field", "code")
    assert "新增1" in out
    assert locate(115.48, 35.23).at("township").code == "371702001"  # type: ignore[union-attr]


def test_unreadable_files_are_refused_in_chinese(regions: Any, tmp_path: Path) -> None:
    bad = tmp_path / "x.kml"
    bad.write_text("<kml><unclosed>", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 KML"):
        run(bad, "--level", "grid", "--code-field", "code")
    evil = tmp_path / "e.kml"
    evil.write_text('<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aaaa">]><kml>&a;</kml>')
    with pytest.raises(CommandError, match="不是有效的 KML"):
        run(evil, "--level", "grid", "--code-field", "code")
    with pytest.raises(CommandError, match="不支持的文件类型"):
        run(tmp_path / "x.txt" if (tmp_path / "x.txt").write_text("x") else bad,
            "--level", "grid", "--code-field", "code")
