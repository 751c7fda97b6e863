"""The back office edit: bad values are shown on their field (not a 500), nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.stations.models import Station


@pytest.fixture
def staff_client(client: Any, regions: Any, make_user: Callable[..., Any]) -> Any:
    user = make_user(("city_admin", "371700"))
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def form(s: Station, **change: Any) -> dict[str, Any]:
    return {"name": s.name, "kind": s.kind, "address": s.address, "region": s.region_id,
            "lng": s.lng, "lat": s.lat, "phone": s.phone, "operator": "", "status": "open",
            "closed_reason": "", "closed_until_0": "", "closed_until_1": "",
            "hours": '{"always": true}'} | change


@pytest.mark.parametrize("change,field,words", [
    ({"lat": 999}, "lat", "纬度应在 -90 到 90 之间"),
    ({"lng": -181}, "lng", "经度应在 -180 到 180 之间"),
    ({"hours": '{"weekly": [{"days": [9], "open": "08:00", "close": "20:00"}]}'}, "hours",
     "星期应为 1（周一）到 7（周日）"),
    ({"phone": "电话"}, "phone", "联系电话只能包含数字"),
])
def test_bad_values_show_on_their_field_and_nothing_is_written(
        staff_client: Any, make_station: Callable[..., Station], change: dict[str, Any],
        field: str, words: str) -> None:
    s = make_station("甲驿站", 115.49, 35.24)
    before = Station.objects.values().get(pk=s.pk)
    resp = staff_client.post(f"/admin/stations/station/{s.pk}/change/", form(s, **change))
    assert resp.status_code == 200
    page = resp.content.decode()
    assert f'id="id_{field}_error"' in page and words in page
    assert Station.objects.values().get(pk=s.pk) == before


def test_a_good_edit_is_saved(staff_client: Any, make_station: Callable[..., Station]) -> None:
    s = make_station("甲驿站", 115.49, 35.24)
    resp = staff_client.post(f"/admin/stations/station/{s.pk}/change/",
                             form(s, name="  乙驿站 ", lat=35.25))
    assert resp.status_code == 302
    s.refresh_from_db()
    assert (s.name, s.lat, s.hours["always"]) == ("乙驿站", 35.25, True)
