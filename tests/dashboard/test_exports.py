"""Exports that leave the department: xlsx tables with their filters, the monthly brief PDF
(read back as text), and small numbers about people hidden for a single village."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pdfminer.high_level import extract_text

from nuanxin.accounts.models import User

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet_rows(body: bytes) -> list[list[Any]]:
    ws = load_workbook(io.BytesIO(body)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_figures_table_exports_with_its_filters(world: Any, city_admin: User) -> None:
    r = login(city_admin).get("/dashboard/export.xlsx",
                              {"region": "371700", "from": "2026-01-01", "to": "2026-12-31"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    rows = sheet_rows(r.content)
    flat = [str(c) for row in rows for c in row if c is not None]
    assert "2026-01-01 至 2026-12-31" in flat and "菏泽市（371700）" in flat
    header = next(row for row in rows if row and row[0] == "区域")
    col = header.index("新就业群体·期末登记在册的新就业群体人数(人)")
    body = {row[0]: row for row in rows[rows.index(header) + 1:]}
    assert body["菏泽市"][col] == 14 and body["牡丹区"][col] == 12 and body["曹县"][col] == 2


def test_a_villages_small_numbers_are_hidden_in_the_export(world: Any,
                                                           city_admin: User) -> None:
    client = login(city_admin)
    rows = sheet_rows(client.get("/dashboard/export.xlsx", {"region": "371721001"}).content)
    header = next(row for row in rows if row and row[0] == "区域")
    col = header.index("新就业群体·期末登记在册的新就业群体人数(人)")
    stations = header.index("阵地建设·期末在用的标准化暖“新”驿站数(个)")
    village = next(row for row in rows if row[0] == "曹城社区居委会")
    assert village[col] == "<5"  # 2 workers in one village never leave the department
    assert village[stations] == 1  # places are not people: shown as they are
    township = next(row for row in rows if row[0] == "曹城街道")
    assert township[col] == 2
    assert any("小于5" in str(row[0]) for row in rows if row)
    # and the page says so
    assert "小于5" in client.get("/dashboard/", {"region": "371721001"}).content.decode()


def test_overdue_records_export(world: Any, city_admin: User) -> None:
    rows = sheet_rows(login(city_admin).get(
        "/dashboard/records.xlsx", {"region": "371700", "which": "overdue"}).content)
    numbers = {row[0] for row in rows if row and str(row[0]).startswith("SSP")}
    assert numbers == {r.number for r in world["overdue"]}


def test_monthly_brief_pdf_text_has_the_figures(world: Any, city_admin: User) -> None:
    month = timezone.localdate().strftime("%Y-%m")
    r = login(city_admin).get("/dashboard/brief.pdf", {"region": "371700", "month": month})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    text = extract_text(io.BytesIO(r.content))
    compact = "".join(text.split())
    assert "菏泽市新就业群体工作月度简报" in compact
    assert "期内收到的随手拍件数" in compact and "期末参保人员的保额合计" in compact
    assert "450,000元" in compact  # this month's cover, counted from the rows
    assert "14人" in compact  # workers on the register
    assert "超期时间最长的随手拍" in compact
    for report in world["overdue"]:
        assert report.number in compact
    assert "上月" in compact and "变化" in compact


def test_brief_refuses_a_bad_month(world: Any, city_admin: User) -> None:
    r = login(city_admin).get("/dashboard/brief.pdf", {"month": "2026/13"}, follow=True)
    assert "月份格式应为" in r.content.decode()
