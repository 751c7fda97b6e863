"""Import from and export to xlsx and CSV, with a coordinate-system column; all or nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from nuanxin.kernel.coords import from_wgs84
from nuanxin.stations.models import Station, StationService

HEADER = ["编号", "名称", "类型", "地址", "区划代码", "经度", "纬度", "坐标系", "电话", "服务",
          "营业时间", "例外日期"]
WGS = (115.4900, 35.2400)


def csv_file(rows: list[list[Any]], name: str = "stations.csv") -> SimpleUploadedFile:
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, ("\ufeff" + buf.getvalue()).encode("utf-8"), "text/csv")


def xlsx_file(rows: list[list[Any]]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in [HEADER, *rows]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("stations.xlsx", buf.getvalue())


@pytest.fixture
def staff(make_user: Any, api_as: Any, regions: Any) -> Any:
    return api_as(make_user(("county_staff", "371702")))


def upload(client: Any, f: SimpleUploadedFile) -> Any:
    return client.generic("POST", "/api/stations/import", **_multipart(f),
                          HTTP_AUTHORIZATION=f"Bearer {client.token}")


def _multipart(f: SimpleUploadedFile) -> dict[str, Any]:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, {"file": f}), "content_type": MULTIPART_CONTENT}


def test_csv_in_gcj02_is_stored_as_wgs84(staff: Any) -> None:
    g = from_wgs84(*WGS, "gcj02")
    b = from_wgs84(WGS[0] + 0.01, WGS[1], "bd09")
    resp = upload(staff, csv_file([
        ["", "东城暖新驿站", "暖“新”驿站", "中华路1号", "371702001001", g[0], g[1], "gcj02",
         "0530-5550001", "卫生间、优惠餐(套餐12元)", "每天 08:00-20:00", "2026-10-01 休息"],
        ["", "百度点", "service_centre", "", "371702001006", b[0], b[1], "百度", "", "", "24小时", ""],
    ]))
    assert resp.status_code == 200, resp.content
    assert resp.json() == {"created": 2, "updated": 0, "warnings": []}
    s = Station.objects.get(name="东城暖新驿站")
    assert abs(s.lng - WGS[0]) < 1e-6 and abs(s.lat - WGS[1]) < 1e-6
    assert s.hours["exceptions"][0]["date"] == "2026-10-01"
    assert dict(StationService.objects.filter(station=s).values_list("service", "details")) == {
        "toilet": "", "discount_meal": "套餐12元"}
    assert abs(Station.objects.get(name="百度点").lng - (WGS[0] + 0.01)) < 1e-6


def test_every_bad_row_reported_and_nothing_written(staff: Any) -> None:
    resp = upload(staff, csv_file([
        ["", "好的一行", "warm_station", "", "371702001001", 115.49, 35.24, "wgs84", "", "", "", ""],
        ["", "", "warm_station", "", "371702001001", 115.49, 35.24, "wgs84", "", "", "", ""],
        ["", "坏坐标系", "warm_station", "", "371702001001", 115.49, 35.24, "utm", "", "", "", ""],
        ["", "坏区划", "warm_station", "", "999", 115.49, 35.24, "wgs84", "", "", "", ""],
        ["", "坏服务", "warm_station", "", "371702001001", 115.49, 35.24, "wgs84", "", "桑拿", "",
         ""],
        ["", "坏时间", "warm_station", "", "371702001001", 115.49, 35.24, "wgs84", "", "",
         "每天 25:00-26:00", ""],
        ["", "坏类型", "castle", "", "371702001001", 115.49, 35.24, "wgs84", "", "", "", ""],
        ["", "坏经度", "warm_station", "", "371702001001", "东经", 35.24, "wgs84", "", "", "", ""],
        ["", "别处", "warm_station", "", "371721001001", 115.54, 34.83, "wgs84", "", "", "", ""],
    ]))
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == "bad_rows" and "未写入任何数据" in body["detail"]
    lines = {e["line"]: e["message"] for e in body["errors"]}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "名称" in lines[3] and "坐标系" in lines[4] and "区划代码" in lines[5]
    assert "桑拿" in lines[6] and "25:00" in lines[7] and "castle" in lines[8]
    assert "数字" in lines[9] and "无权" in lines[10]
    assert Station.objects.count() == 0


def test_points_off_the_globe_are_row_errors(staff: Any) -> None:
    """Checked in every datum; a huge BD-09 value used to fail in the formulas (a 500)."""
    resp = upload(staff, csv_file([
        ["", "纬度太大", "warm_station", "", "371702001001", 115.49, 95, "gcj02", "", "", "", ""],
        ["", "经度太大", "warm_station", "", "371702001001", 181, 35.24, "wgs84", "", "", "", ""],
        ["", "极大值", "warm_station", "", "371702001001", 115.49, "1e308", "百度", "", "", "",
         ""],
        ["", "非数", "warm_station", "", "371702001001", "nan", 35.24, "wgs84", "", "", "", ""],
    ]))
    assert resp.status_code == 400 and resp.json()["code"] == "bad_rows"
    lines = {e["line"]: e["message"] for e in resp.json()["errors"]}
    assert lines == {2: "纬度应在 -90 到 90 之间", 3: "经度应在 -180 到 180 之间",
                     4: "纬度应在 -90 到 90 之间", 5: "经度应在 -180 到 180 之间"}
    assert Station.objects.count() == 0


def test_an_unknown_export_format_is_refused(staff: Any) -> None:
    resp = staff.get("/api/stations/export", {"format": "pdf"})
    assert resp.status_code == 400 and resp.json()["field"] == "format"
    assert "xlsx 或 csv" in resp.json()["detail"]


def test_missing_columns_and_wrong_file_type(staff: Any) -> None:
    bad = SimpleUploadedFile("x.csv", "名称,类型\n甲,warm_station\n".encode())
    resp = upload(staff, bad)
    assert resp.status_code == 400 and "缺少列" in resp.json()["detail"]
    resp = upload(staff, SimpleUploadedFile("x.txt", b"hello"))
    assert resp.status_code == 400 and "xlsx" in resp.json()["detail"]


def test_xlsx_export_then_reimport_updates_in_place(staff: Any, make_station: Any) -> None:
    s = make_station("双河暖新驿站", *WGS, services={"toilet": "", "ebike_charging": "1元/小时"})
    resp = staff.get("/api/stations/export", {"format": "xlsx", "crs": "bd09"})
    assert resp.status_code == 200
    rows = list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    row = list(rows[1])
    assert row[0] == s.pk and row[7] == "bd09"
    b = from_wgs84(*WGS, "bd09")
    assert abs(row[5] - b[0]) < 1e-6 and abs(row[6] - b[1]) < 1e-6
    assert row[9] == "卫生间、电动车充电(1元/小时)"
    row[1] = "双河暖新驿站（改）"
    resp = upload(staff, xlsx_file([["" if v is None else v for v in row]]))
    assert resp.json() == {"created": 0, "updated": 1, "warnings": []}
    s.refresh_from_db()
    assert s.name == "双河暖新驿站（改）" and abs(s.lng - WGS[0]) < 1e-6


def test_csv_export_and_who_may(staff: Any, api_as: Any, make_user: Any,
                                make_station: Any) -> None:
    make_station("东城暖新驿站", *WGS)
    make_station("曹城驿站", 115.54, 34.83, region="371721001001")
    text = staff.get("/api/stations/export", {"format": "csv"}).content.decode("utf-8-sig")
    names = [r[1] for r in csv.reader(io.StringIO(text))][1:]
    assert names == ["东城暖新驿站"]  # 牡丹区 staff do not see 曹县
    worker = api_as(make_user(("worker", "371702001001")))
    assert worker.get("/api/stations/export").status_code == 403
    assert staff.get("/api/stations/export", {"format": "pdf"}).status_code == 400
