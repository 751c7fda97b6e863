"""In Chromium on a 360 px phone: a village worker records an action with a photo and the
campaign's coverage moves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nuanxin.campaigns.models import ActionPhoto

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"


@pytest.fixture(autouse=True)
def _media(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def test_village_worker_records_an_action_and_coverage_moves(
        live_server: Any, phone_page: Any, campaign: Any, village_staff: Any,
        photo: bytes) -> None:
    from nuanxin.kernel.crypto import decrypt

    base, page = live_server.url, phone_page
    page.goto(f"{base}/login/?next=/campaigns/{campaign.pk}/")
    page.fill("#id_username", decrypt(village_staff.phone_cipher))
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/campaigns/{campaign.pk}/")
    assert page.locator("#coverage").inner_text() == "0.0%"
    assert "东安社区居委会" in page.locator("#unreached").inner_text()

    page.click("#record-link")
    page.select_option("#village", "371702001001")
    page.select_option("#kind", "brochure")
    page.fill("#brochures", "120")
    page.fill("#people", "85")
    page.set_input_files("#photos", files=[
        {"name": "scene.jpg", "mimeType": "image/jpeg", "buffer": photo}])
    page.click("#action-form button[type=submit]")
    page.wait_for_url(f"{base}/campaigns/{campaign.pk}/")

    assert "已记录：东安社区居委会" in page.locator(".messages").inner_text()
    assert page.locator("#coverage").inner_text() == "33.3%"
    assert page.locator("#reached").inner_text() == "1"
    assert "东安社区居委会" not in page.locator("#unreached").inner_text()
    assert "覆盖人数 85 人" in page.locator("#totals").inner_text()
    assert ActionPhoto.objects.count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing overflows the phone's width
