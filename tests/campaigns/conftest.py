"""Factories for campaign tests: an anti-fraud campaign over 牡丹区 with a 2-question quiz."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from PIL import Image

from nuanxin.accounts.models import User
from nuanxin.campaigns.models import Campaign
from nuanxin.campaigns.services import CampaignDraft, QuestionDraft, start_campaign
from nuanxin.regions.models import Region


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def county_staff(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("county_staff", "371702"), name="牡丹区社工部")


@pytest.fixture
def village_staff(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("community_staff", "371702001001"), name="东安社区干部")


@pytest.fixture
def campaign(county_staff: User) -> Campaign:
    return start_campaign(actor=county_staff, draft=CampaignDraft(
        theme="防范非法集资宣传进村居", region_code="371702", starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 30), materials=["banner", "brochure", "qa"],
        questions=[QuestionDraft("承诺高额回报、保本无风险的投资，可能是什么？",
                                 ["正规理财", "非法集资"], 1),
                   QuestionDraft("遇到疑似非法集资应当？", ["向有关部门举报", "介绍亲友参加"], 0)]))


@pytest.fixture
def photo() -> bytes:
    return jpeg()


