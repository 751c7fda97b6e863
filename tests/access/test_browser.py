"""In Chromium at 360 x 740: a guard's page with its network cut verifies a fresh pass and
refuses one revoked before the cut, then uploads the scans when back online; a rider shows a
pass, and signs a bike out and returns it by opening the QR codes' pages."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from nuanxin.access import services, tokens
from nuanxin.access.models import Bike, Scan, Trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Any, base: str, phone: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("#id_username", phone)
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")


def wait_for(check: Any, seconds: float = 15) -> None:
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_guard_verifies_offline(live_server: Any, phone_page: Any, make_user: Any,
                                make_rider: Any, community: Any, staff: Any,
                                tmp_path: Path) -> None:
    make_user(("gate_guard", "371702001001"), phone="13911119001", name="东安门岗")
    fresh_rider = make_rider(with_pass=True)
    revoked_rider = make_rider(with_pass=True)
    revoked_token = services.current_token(user=revoked_rider)[1].token
    rp = services.revoke_pass(user=staff, number=_number(revoked_rider), reason="手机丢失")
    assert rp.revoked_at is not None
    page = phone_page
    login(page, live_server.url, "13911119001", "/access/gate/")
    page.wait_for_selector("text=已联网")
    assert "06:00—23:00" in page.inner_text("#rules")
    assert "南门外停放区" in page.inner_text("#rules")

    page.context.set_offline(True)
    page.wait_for_selector("text=离线中")
    fresh_token = services.current_token(user=fresh_rider)[1].token  # shown on the rider's phone now
    page.fill("#token", fresh_token)
    page.click("#check")
    page.wait_for_selector(".verdict.ok")
    assert "有效" in page.inner_text("#verdict")
    assert page.inner_text("#v-kind") == "网约配送员"
    assert page.inner_text("#v-platform") == "美团外卖"
    page.screenshot(path=str(tmp_path / "gate-valid-offline.png"), full_page=True)

    page.fill("#token", revoked_token)
    page.click("#check")
    page.wait_for_selector(".verdict.bad")
    assert "通行证已注销" in page.inner_text("#verdict")
    forged = fresh_token[:-6] + ("AAAAAA" if not fresh_token.endswith("AAAAAA") else "BBBBBB")
    page.fill("#token", forged)
    page.click("#check")
    page.wait_for_function("document.getElementById('verdict-reason').textContent.includes('签名无效')")
    assert "3条扫码记录待上传" in page.inner_text("#status")
    page.screenshot(path=str(tmp_path / "gate-revoked-offline.png"), full_page=True)
    assert not Scan.objects.exists()

    page.context.set_offline(False)
    wait_for(lambda: Scan.objects.count() == 3)
    assert sorted(Scan.objects.values_list("result", flat=True)) == ["invalid", "invalid", "valid"]
    assert Scan.objects.get(result="valid").server_result == "valid"


def _number(user: Any) -> str:
    from nuanxin.access.models import RiderPass

    return RiderPass.objects.get(worker__user=user).number


def test_rider_pass_and_bike_out_and_back(live_server: Any, phone_page: Any, make_rider: Any,
                                          bikes: Any, tmp_path: Path) -> None:
    (_south, east), made = bikes
    make_rider(phone="13911119002", with_pass=True)
    page = phone_page
    base = live_server.url
    login(page, base, "13911119002", "/access/pass/")
    page.wait_for_selector("#qr svg")
    token = page.input_value("#token")
    assert tokens.verify(token).number == page.get_attribute("#pass", "data-number")
    page.screenshot(path=str(tmp_path / "pass.png"), full_page=True)

    page.goto(f"{base}/access/b/{made[0].code}")  # what the bike's QR opens
    assert "外卖配送专用" in page.inner_text("h1")
    page.click("#take")
    page.wait_for_selector("#trip")
    assert "借用中：DA-01号车" in page.inner_text("#trip")
    assert Bike.objects.get(pk=made[0].pk).rider is not None

    page.goto(f"{base}/access/p/{east.code}")  # the parking point's QR
    page.click("#return button")
    page.wait_for_selector("#no-trip")
    assert "已还车到东门停放点" in page.inner_text(".messages")
    assert "还至东门停放点" in page.inner_text("#history")
    page.screenshot(path=str(tmp_path / "bike-returned.png"), full_page=True)
    trip = Trip.objects.get()
    assert trip.ended_at is not None and trip.to_point == east
    assert Bike.objects.get(pk=made[0].pk).point == east

    page.goto(f"{base}/access/c/371702001001/")  # the community's map: both parking points
    page.wait_for_function("document.querySelectorAll('#map .leaflet-interactive').length == 2")
    page.screenshot(path=str(tmp_path / "community-map.png"), full_page=True)
