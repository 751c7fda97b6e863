"""In Chromium: a city admin logs in to the back office and walks the region tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import nuanxin.regions
from nuanxin.regions.importer import import_regions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEZE = Path(nuanxin.regions.__file__).parent / "data" / "heze_divisions.csv"


def test_admin_logs_in_and_opens_the_region_tree(live_server: Any, desktop_page: Any,
                                                 make_user: Any, tmp_path: Path) -> None:
    import_regions(HEZE.read_text(encoding="utf-8"))
    make_user(("city_admin", "371700"), phone="13900000001", password="nuanxin2026",
              superuser=True)
    page = desktop_page
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "13900000001")
    page.fill("#id_password", "nuanxin2026")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.goto(f"{live_server.url}/admin/regions/region/")
    page.click(".object-tools >> text=区划树")
    page.wait_for_selector("#region-tree")
    assert "菏泽市" in page.inner_text(".region-title")
    counts = page.inner_text(".region-counts")
    assert "11 个县区" in counts and "167 个街道(乡镇)" in counts and "5040 个村(社区)" in counts
    page.click("#region-tree >> text=曹县")
    page.wait_for_selector(".region-title:has-text('曹县')")
    assert "807 个村(社区)" in page.inner_text(".region-counts")
    page.screenshot(path=str(tmp_path / "admin-tree.png"), full_page=True)


def test_township_staff_sees_only_their_subtree(live_server: Any, desktop_page: Any,
                                                make_user: Any) -> None:
    import_regions(HEZE.read_text(encoding="utf-8"))
    make_user(("township_staff", "371702001"), phone="13900000003", password="nuanxin2026")
    page = desktop_page
    page.goto(f"{live_server.url}/admin/regions/region/tree/")
    page.fill("#id_username", "13900000003")
    page.fill("#id_password", "nuanxin2026")
    page.click("input[type=submit]")
    page.wait_for_selector("#region-tree")
    assert "东城街道" in page.inner_text(".region-title")
    response = page.goto(f"{live_server.url}/admin/regions/region/tree/371721/")
    assert response is not None and response.status == 404

