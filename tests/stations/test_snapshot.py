"""The display snapshot beside the index: the same answers as reading the rows from the
database, and every kind of edit (hours, services, closure, a new station, text) shows
at once, here and in other processes, because it is rebuilt with the index."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from nuanxin.regions.geo import offset
from nuanxin.stations import index, selectors, snapshot
from nuanxin.stations.models import IndexVersion, Station
from nuanxin.stations.present import found_json
from nuanxin.stations.rows import rows_for
from nuanxin.stations.selectors import nearest_stations
from nuanxin.stations.services import StationData, create_station, operator_update, set_closure
from tests.stations.db_rows import db_rows

SH = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 11, 30, 12, 0, tzinfo=SH)  # a Monday
HERE = (115.4900, 35.2400)
NIGHT = {"weekly": [{"days": [1, 2, 3, 4, 5, 6, 7], "open": "22:00", "close": "06:00"}]}
WEEKDAYS = {"weekly": [{"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "17:30"}],
            "exceptions": [{"date": "2026-11-30", "open": "09:00", "close": "11:00"}]}


def at(metres: float, bearing: float) -> tuple[float, float]:
    return offset(*HERE, metres=metres, bearing_deg=bearing)


@pytest.fixture
def varied(make_station: Callable[..., Station]) -> list[Station]:
    """Stations whose text and state exercise every field of an answer."""
    made = [
        make_station('引号"与\\反斜杠驿站', *at(120, 10), services={"toilet": "免费"}),
        make_station("夜间驿站", *at(260, 100), services=["toilet", "water"], hours=NIGHT,
                     phone=""),
        make_station("工作日食堂", *at(400, 200), kind="rider_canteen", hours=WEEKDAYS,
                     services={"discount_meal": "套餐12元", "toilet": ""}, address="和平路1号"),
        make_station("曹县驿站😀", *at(700, 300), region="371721001001", services=["rest"]),
        make_station("西城驿站", *at(900, 45), region="371702002001", hours={"always": True},
                     services=["toilet", "phone_charging"]),
        make_station("停用驿站", *at(50, 0), services=["toilet"]),
        make_station("维修驿站", *at(80, 270), services=["toilet"]),
    ]
    Station.objects.filter(pk=made[5].pk).update(status="closed")
    Station.objects.filter(pk=made[6].pk).update(
        status="temp_closed", closed_reason="水管维修", closed_until=NOON + timedelta(hours=3))
    index.reset()
    return made


def staff(make_user: Callable[..., Any]) -> Any:
    return make_user(("county_staff", "371702"))


def answer(**kw: Any) -> str:
    kw = {"lng": HERE[0], "lat": HERE[1], "now": NOON, "radius_m": 5000, "limit": 20} | kw
    return found_json(nearest_stations(**kw), "gcj02")


def answer_from_db(monkeypatch: pytest.MonkeyPatch, **kw: Any) -> str:
    """The same query with the rows read from the database, as before the snapshot."""
    with monkeypatch.context() as m:
        m.setattr(selectors, "rows_for", db_rows)
        return answer(**kw)


def by_name(**kw: Any) -> dict[str, dict[str, Any]]:
    import json

    return {r["name"]: r for r in json.loads(answer(**kw))}


def test_rows_from_the_snapshot_equal_rows_from_the_database(varied: list[Station]) -> None:
    built = index.current()
    ids = built.ids.tolist()
    assert len(ids) == 6  # the one closed for good is not indexed
    assert rows_for(built, ids) == db_rows(built, ids)


@pytest.mark.parametrize("kw", [{}, {"open_now": True}, {"services": ["toilet"]},
                                {"kind": "rider_canteen"}, {"limit": 2, "radius_m": 300},
                                {"services": ["charging"], "open_now": True}])
def test_answers_equal_the_database_read_answers(varied: list[Station], kw: dict[str, Any],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from_snapshot = answer(**kw)
    index.reset()
    assert from_snapshot == answer_from_db(monkeypatch, **kw)
    assert from_snapshot != "[]"


def test_closure_details_come_through(varied: list[Station]) -> None:
    row = by_name()["维修驿站"]
    assert row["open"] is False and row["status_label"] == "临时关闭"
    assert row["status_detail"] == "水管维修，预计今天 15:00恢复"
    assert "停用驿站" not in by_name()


def test_an_hours_edit_shows_at_once(varied: list[Station], make_user: Callable[..., Any],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert by_name()["西城驿站"]["status_detail"] == "24小时开放"
    before = index.current()
    operator_update(varied[4], by=staff(make_user), hours=NIGHT)
    assert index.current() is not before
    row = by_name()["西城驿站"]
    assert row["open"] is False and row["status_detail"] == "今天 22:00 开门"
    assert "西城驿站" not in by_name(open_now=True)
    assert answer() == answer_from_db(monkeypatch)


def test_a_services_edit_shows_at_once(varied: list[Station], make_user: Callable[..., Any],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert "西城驿站" in by_name(services=["toilet"])
    operator_update(varied[4], by=staff(make_user), services={"water": "", "wifi": ""})
    assert "西城驿站" not in by_name(services=["toilet"])
    assert [s["code"] for s in by_name()["西城驿站"]["services"]] == ["water", "wifi"]
    assert answer() == answer_from_db(monkeypatch)


def test_a_closure_and_a_reopening_show_at_once(varied: list[Station],
                                                make_user: Callable[..., Any]) -> None:
    user = staff(make_user)
    set_closure(varied[0], by=user, status="temp_closed", reason="停电")
    row = by_name()[varied[0].name]
    assert (row["open"], row["status_label"], row["status_detail"]) == (False, "临时关闭", "停电")
    set_closure(varied[0], by=user, status="closed")
    assert varied[0].name not in by_name()
    set_closure(varied[0], by=user, status="open")
    assert by_name(open_now=True)[varied[0].name]["status_label"] == "营业中"


def test_a_new_station_shows_at_once(varied: list[Station], regions: Any) -> None:
    index.current()
    create_station(StationData(name="新开驿站", kind="warm_station", address="新华路8号",
                               region=regions["371702001001"], lng=HERE[0], lat=HERE[1],
                               phone="0530-5551234", hours={"always": True},
                               services={"toilet": ""}), by=None)
    first = next(iter(by_name(services=["toilet"]).values()))
    assert (first["name"], first["address"], first["phone"]) == ("新开驿站", "新华路8号",
                                                                 "0530-5551234")
    assert first["direction"] == "就在附近"


def test_a_rename_by_another_process_shows_at_once(varied: list[Station]) -> None:
    assert "夜间驿站" in by_name()
    # Another process renames it: its transaction bumps the version and touches the stamp.
    Station.objects.filter(pk=varied[1].pk).update(name="深夜驿站", phone="0530-5559999")
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": 30_000})
    index.touch_stamp(30_000)
    row = by_name()["深夜驿站"]
    assert row["phone"] == "0530-5559999" and "夜间驿站" not in by_name()


def test_odd_text_is_kept_aside_and_memory_is_small(varied: list[Station]) -> None:
    pack = snapshot.Packer()
    pack.add("甲\x00乙", "地址", "", "", 1, "warm_station", "open")
    pack.add("丙", "", "110", "原因", 1, "somewhere_new", "open")
    snap = pack.done(np.zeros(2), np.zeros(2))
    assert snap.text(0) == ("甲\x00乙", "地址", "", "")
    assert snap.text(1) == ("丙", "", "110", "原因")
    assert snap.codes(1, 255, 0) == ("somewhere_new", "open")
    built = index.current()
    assert built.snap is not None
    per_station = (built.snap.memory_bytes() - 100 * len(built.snap.region_names)) / 6
    assert per_station < 120  # 40 bytes of arrays and offsets, the rest is the text
