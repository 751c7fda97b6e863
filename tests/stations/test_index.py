"""The in-process index: same answers as a brute-force scan; edits elsewhere show at once."""

from __future__ import annotations

import math
import random
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from nuanxin.regions.geo import haversine_m
from nuanxin.stations import catalogue, index
from nuanxin.stations.hours import is_open
from nuanxin.stations.models import IndexVersion, Station
from nuanxin.stations.selectors import nearest_ids

NOON = datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
HOURS = [{"always": True}, {"weekly": [{"days": [1, 2, 3, 4, 5, 6, 7], "open": "08:00",
                                        "close": "11:00"}]},
         {"weekly": [{"days": [1], "open": "22:00", "close": "13:00"}]}]


@pytest.fixture
def many(regions: Any) -> list[Station]:
    rng = random.Random(7)
    region = regions["371702001001"]
    rows = []
    for i in range(600):
        mask = rng.getrandbits(len(catalogue.SERVICES))
        rows.append(Station(name=f"站{i}", kind=rng.choice(["warm_station", "rider_canteen"]),
                            region=region, lng=115.3 + rng.random() * 0.4,
                            lat=35.0 + rng.random() * 0.4, service_mask=mask,
                            hours=rng.choice(HOURS),
                            status=rng.choice(["open"] * 8 + ["temp_closed", "closed"])))
    Station.objects.bulk_create(rows)
    index.reset()
    return list(Station.objects.all())


def brute(stations: list[Station], lng: float, lat: float, groups: list[int], kind: str | None,
          open_now: bool, radius: float, limit: int) -> list[int]:
    out = []
    for s in stations:
        if s.status == "closed" or any(not (s.service_mask & g) for g in groups):
            continue
        if kind and s.kind != kind:
            continue
        if open_now and (s.status != "open" or not is_open(s.hours, NOON)):
            continue
        d = haversine_m(lng, lat, s.lng, s.lat)
        if d <= radius:
            out.append((d, s.pk))
    return [pk for _, pk in sorted(out)[:limit]]


@pytest.mark.parametrize("seed", range(12))
def test_matches_brute_force(many: list[Station], seed: int) -> None:
    rng = random.Random(seed)
    lng, lat = 115.3 + rng.random() * 0.4, 35.0 + rng.random() * 0.4
    services = rng.sample(["toilet", "water", "rest", "charging", "wifi"], rng.randint(0, 2))
    groups = [catalogue.mask_of(list(catalogue.CHIP_ANY.get(c, (c,)))) for c in services]
    kind = rng.choice([None, "warm_station"])
    open_now = rng.random() < 0.5
    radius = rng.choice([2000, 8000, 30000])
    got = nearest_ids(lng=lng, lat=lat, services=services, kind=kind, open_now=open_now,
                      radius_m=radius, limit=7, now=NOON)
    want = brute(many, lng, lat, groups, kind, open_now, radius, 7)
    assert [pk for pk, _ in got] == want
    for pk, metres in got:
        s = next(x for x in many if x.pk == pk)
        assert math.isclose(metres, haversine_m(lng, lat, s.lng, s.lat), rel_tol=1e-6, abs_tol=0.01)


def test_an_edit_by_another_process_shows_at_once(many: list[Station]) -> None:
    target = next(s for s in many if s.status == "open")
    got = nearest_ids(lng=target.lng, lat=target.lat, limit=1, radius_m=50, now=NOON)
    assert got[0][0] == target.pk
    # Another process closes it: its transaction bumps the version and touches the stamp.
    Station.objects.filter(pk=target.pk).update(status="closed")
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": 10_000})
    index.touch_stamp(10_000)
    got = nearest_ids(lng=target.lng, lat=target.lat, limit=1, radius_m=50, now=NOON)
    assert not got or got[0][0] != target.pk
    assert index.current().version == 10_000


def test_a_writer_on_another_host_is_seen_within_the_check_interval(
        many: list[Station], monkeypatch: pytest.MonkeyPatch) -> None:
    before = index.current()
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": 20_000})
    assert index.current() is before  # no stamp: still the old one inside the interval
    monkeypatch.setattr(index, "CHECK_SECONDS", 0.0)
    assert index.current().version == 20_000


def test_memory_and_empty(many: list[Station]) -> None:
    built = index.current()
    assert built.memory_bytes() > 0 and len(built.ids) == sum(s.status != "closed" for s in many)
    empty = index.Query(lng=0, lat=0, radius_m=10, limit=5)
    ids, metres = index.search(built, empty, NOON)
    assert len(ids) == 0 and isinstance(metres, np.ndarray)
