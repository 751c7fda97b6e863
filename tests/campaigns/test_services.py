"""Campaign rules: actions only in the campaign's villages, clean photos, coverage, quiz."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from nuanxin.accounts.models import User
from nuanxin.campaigns import selectors
from nuanxin.campaigns.models import Action, ActionPhoto, Campaign
from nuanxin.campaigns.services import ActionDraft, record_action, submit_quiz
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.points.selectors import balance_of
from nuanxin.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def test_an_action_in_a_village_moves_coverage(campaign: Campaign, village_staff: User,
                                                photo: bytes) -> None:
    before = selectors.figures(campaign)
    assert before["villages_total"] == 3 and before["villages_reached"] == 0  # 牡丹区 villages
    record_action(actor=village_staff, campaign_id=campaign.pk, draft=ActionDraft(
        village_code="371702001001", kind="brochure", brochures=120, people=80, photos=[photo]))
    after = selectors.figures(campaign)
    assert after["villages_reached"] == 1 and after["coverage"] == 33.3
    assert after["people_reached"] == 80
    assert [v.name for v in selectors.unreached(campaign)] == ["双河社区居委会", "西城社区居委会"]


def test_a_village_outside_the_region_is_refused_naming_the_field(
        campaign: Campaign, make_user: Callable[..., User], photo: bytes) -> None:
    cao = make_user(("community_staff", "371721001001"), name="曹县社区干部")
    with pytest.raises(DomainError) as e:
        record_action(actor=cao, campaign_id=campaign.pk, draft=ActionDraft(
            village_code="371721001001", kind="banner", photos=[photo]))
    assert e.value.field == "village" and "不在本次活动的覆盖区域" in e.value.message
    assert not Action.objects.exists()


def test_staff_of_another_village_cannot_record_for_it(campaign: Campaign, village_staff: User,
                                                       photo: bytes) -> None:
    with pytest.raises(PermissionDenied):
        record_action(actor=village_staff, campaign_id=campaign.pk, draft=ActionDraft(
            village_code="371702002001", kind="banner", photos=[photo]))


def test_a_non_image_is_refused_and_nothing_written(campaign: Campaign, village_staff: User,
                                                     tmp_path: Path) -> None:
    with pytest.raises(DomainError) as e:
        record_action(actor=village_staff, campaign_id=campaign.pk, draft=ActionDraft(
            village_code="371702001001", kind="banner", photos=[b"%PDF-1.4 not a photo"]))
    assert e.value.field == "photos"
    assert not Action.objects.exists() and not list(tmp_path.rglob("*.jpg"))


def test_photos_are_stored_without_exif(campaign: Campaign, village_staff: User,
                                        tmp_path: Path) -> None:
    img = Image.new("RGB", (80, 60), (10, 120, 10))
    exif = img.getexif()
    exif[0x010F] = "SecretCam"  # Make
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    action = record_action(actor=village_staff, campaign_id=campaign.pk, draft=ActionDraft(
        village_code="371702001001", kind="poster", photos=[buf.getvalue()]))
    stored = ActionPhoto.objects.get(action=action)
    data = (tmp_path / stored.image).read_bytes()
    assert b"SecretCam" in buf.getvalue() and b"SecretCam" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_drill_down_county_township_village(campaign: Campaign, village_staff: User,
                                            photo: bytes, regions: dict[str, Region]) -> None:
    record_action(actor=village_staff, campaign_id=campaign.pk, draft=ActionDraft(
        village_code="371702001001", kind="qa", people=30, photos=[photo]))
    county = selectors.drill_down(campaign, regions["371702"])
    assert [(r.region.name, r.reached, r.total) for r in county] == [
        ("东城街道", 1, 2), ("西城街道", 0, 1)]
    township = selectors.drill_down(campaign, regions["371702001"])
    assert [(r.region.name, r.reached) for r in township] == [
        ("东安社区居委会", 1), ("双河社区居委会", 0)]


def test_quiz_pass_pays_points_once(campaign: Campaign, make_user: Callable[..., User]) -> None:
    resident = make_user(name="村民")
    failed = submit_quiz(user=resident, campaign_id=campaign.pk, answers=[0, 1])
    assert not failed.passed and failed.score == 0 and balance_of(resident) == 0
    first = submit_quiz(user=resident, campaign_id=campaign.pk, answers=[1, 0])
    assert first.passed and first.first_time and first.points == 5
    again = submit_quiz(user=resident, campaign_id=campaign.pk, answers=[1, 0])
    assert again.passed and not again.first_time and again.points == 0
    assert balance_of(resident) == 5
    assert selectors.figures(campaign)["quiz_passed"] == 1


def test_quiz_needs_every_answer(campaign: Campaign, make_user: Callable[..., User]) -> None:
    with pytest.raises(DomainError) as e:
        submit_quiz(user=make_user(), campaign_id=campaign.pk, answers=[1])
    assert e.value.field == "answers"
