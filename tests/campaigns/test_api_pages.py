"""The figures endpoint, the quiz over the API, and the phone pages' refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nuanxin.accounts.models import User
from nuanxin.campaigns.models import Action, Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def test_figures_endpoint(campaign: Campaign, village_staff: User, api_as: Any,
                          photo: bytes) -> None:
    client = Client()
    client.force_login(village_staff)
    r = client.post(f"/campaigns/{campaign.pk}/record", {
        "village": "371702001001", "kind": "brochure", "brochures": "50", "people": "40",
        "photos": SimpleUploadedFile("a.jpg", photo, "image/jpeg")})
    assert r.status_code == 302
    body = api_as(village_staff).get(f"/api/campaigns/{campaign.pk}/figures").json()
    assert body["villages_total"] == 3 and body["villages_reached"] == 1
    assert body["coverage"] == 33.3 and body["people_reached"] == 40
    assert body["quiz_passed"] == 0


def test_figures_of_a_missing_campaign_is_404(api_as: Any, village_staff: User) -> None:
    r = api_as(village_staff).get("/api/campaigns/9999/figures")
    assert r.status_code == 404 and r.json()["field"] == "campaign"


def test_quiz_over_the_api(campaign: Campaign, api_as: Any,
                           make_user: Callable[..., User]) -> None:
    client = api_as(make_user(name="村民"))
    questions = client.get(f"/api/campaigns/{campaign.pk}/quiz").json()
    assert len(questions) == 2 and "answer" not in questions[0]
    r = client.post(f"/api/campaigns/{campaign.pk}/quiz", {"answers": [1, 0]})
    assert r.status_code == 200 and r.json() == {
        "score": 100, "passed": True, "points": 5, "first_time": True}


def test_record_page_refuses_a_non_image_in_chinese(campaign: Campaign,
                                                    village_staff: User) -> None:
    client = Client()
    client.force_login(village_staff)
    r = client.post(f"/campaigns/{campaign.pk}/record", {
        "village": "371702001001", "kind": "banner",
        "photos": SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")})
    assert r.status_code == 400
    assert "无法识别为图片" in r.content.decode() and not Action.objects.exists()


def test_coverage_page_drills_down(campaign: Campaign, village_staff: User) -> None:
    client = Client()
    client.force_login(village_staff)
    page = client.get(f"/campaigns/{campaign.pk}/?at=371702001").content.decode()
    assert "东城街道：已覆盖 0 / 2" in page and "东安社区居委会" in page
    assert client.get(f"/campaigns/{campaign.pk}/?at=371721").status_code == 404
