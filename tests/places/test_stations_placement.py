"""A station outside its stated region is imported and saved, with a warning."""

from __future__ import annotations

from typing import Any

from tests.stations.test_files import csv_file, upload


def test_import_warns_about_a_station_outside_its_region(drawn: Any, make_user: Any,
                                                         api_as: Any) -> None:
    staff = api_as(make_user(("township_staff", "371702001")))
    resp = upload(staff, csv_file([
        ["", "东安驿站", "warm_station", "中华路1号", "371702001001", 115.4925, 35.2425, "wgs84",
         "", "", "每天 08:00-20:00", ""],
        ["", "双河驿站", "warm_station", "中华路2号", "371702001001", 115.4950, 35.2350, "wgs84",
         "", "", "每天 08:00-20:00", ""],
    ]))
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["created"] == 2
    assert body["warnings"] == [{"line": 3, "message": (
        "坐标不在所属区划“东安社区居委会”内（定位在“东城街道·双河社区”），请核对经纬度与坐标系")}]


def test_admin_edit_saves_and_warns(drawn: Any, make_user: Any, client: Any) -> None:
    from nuanxin.stations.models import Station

    station = Station.objects.create(name="东安驿站", kind="warm_station", region=drawn[
        "371702001001"], lng=115.4925, lat=35.2425, hours={})
    admin = make_user(superuser=True)
    client.force_login(admin)
    page = client.get(f"/admin/stations/station/{station.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({"lng": "115.4950", "lat": "35.2350", "region": drawn["371702001001"].pk,
                 "hours": "{}"})
    resp = client.post(f"/admin/stations/station/{station.pk}/change/", data, follow=True)
    assert resp.status_code == 200
    station.refresh_from_db()
    assert (station.lng, station.lat) == (115.495, 35.235)  # saved all the same
    shown = [str(m) for m in resp.context["messages"]]
    assert any("坐标不在所属区划“东安社区居委会”内" in m for m in shown), shown
