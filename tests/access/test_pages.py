"""Pages: a community's map page and API, the finder's link to nearby community maps, the
guard page only for gate guards, the back office saving through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nuanxin.access import services
from nuanxin.access.models import Bike, MapFeature

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_community_map_page_and_api(community: Any, bikes: Any, staff: Any, api: Any) -> None:
    services.save_map_feature(user=staff, feature=MapFeature(
        community=community, kind="parcel_shelf", name="快递专用柜（南门内）", lng=115.4921,
        lat=35.2407))
    page = Client().get("/access/c/371702001001/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "快递专用柜（南门内）" in text and "06:00—23:00" in text and "南门停放点" in text
    assert "/static/vendor/leaflet/leaflet.js" in text
    data = api.get("/api/access/communities/371702001001/map", {"crs": "gcj02"}).json()
    assert data["crs"] == "gcj02"
    [shelf] = data["features"]
    assert shelf["kind_label"] == "快递专用柜" and shelf["at"][0] != 115.4921  # shifted to GCJ-02
    assert {p["name"]: p["bikes"] for p in data["parking_points"]} == {"南门停放点": 2,
                                                                      "东门停放点": 2}
    assert Client().get("/access/c/371702002001/").status_code == 404


def test_finder_links_to_community_maps_nearby(community: Any, staff: Any) -> None:
    services.save_map_feature(user=staff, feature=MapFeature(
        community=community, kind="gate", name="南门", lng=115.4920, lat=35.2404))
    finder = Client().get("/stations/", {"lat": 35.2410, "lng": 115.4920})
    assert "/access/near/?" in finder.content.decode()
    near = Client().get("/access/near/", {"lat": 35.2410, "lng": 115.4920})
    assert "东安社区居委会" in near.content.decode()
    far = Client().get("/access/near/", {"lat": 34.83, "lng": 115.54})
    assert "还没有发布骑手地图" in far.content.decode()


def test_guard_page_only_for_gate_guards(guard: Any, make_rider: Any) -> None:
    page = _login(guard).get("/access/gate/")
    assert page.status_code == 200 and "门岗验证 · 东安社区居委会" in page.content.decode()
    assert _login(make_rider()).get("/access/gate/").status_code == 403
    sw = Client().get("/access/gate/sw.js")
    assert sw["Content-Type"].startswith("application/javascript")


def test_unverified_rider_sees_why(make_rider: Any) -> None:
    page = _login(make_rider(verified=False)).get("/access/pass/")
    assert "尚未完成实名认证" in page.content.decode()


def test_admin_adds_a_bike_through_the_service(community: Any, bikes: Any, staff: Any,
                                               make_user: Any) -> None:
    point = bikes[0][0]
    client = _login(staff)
    resp = client.post("/admin/access/bike/add/", {"community": community.pk, "number": "DA-09",
                                                   "point": point.pk})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    bike = Bike.objects.get(number="DA-09")
    assert bike.mark == "外卖配送专用" and bike.code
    again = client.post("/admin/access/bike/add/", {"community": community.pk,
                                                    "number": "DA-09", "point": point.pk})
    assert again.status_code == 200 and "errornote" in again.content.decode()
    assert Bike.objects.filter(number="DA-09").count() == 1
    elsewhere = _login(make_user(("community_staff", "371702002001")))
    refused = elsewhere.post("/admin/access/bike/add/", {"community": community.pk,
                                                         "number": "XC-01", "point": point.pk},
                             follow=True)
    assert "只有本社区、上级或物业可以管理畅行自行车" in refused.content.decode()
    assert not Bike.objects.filter(number="XC-01").exists()
    outsider = _login(make_user(("community_staff", "371702002001")))
    assert "DA-09" not in outsider.get("/admin/access/bike/").content.decode()
