"""The campaigns demo: one Heze campaign whose actions reach half of the villages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from nuanxin.campaigns import demo, selectors
from nuanxin.campaigns.models import Action, Campaign
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.regions.models import Region

pytestmark = pytest.mark.django_db


def test_one_heze_campaign_through_half_of_its_villages(regions: dict[str, Region]) -> None:
    now = timezone.now()
    demo.build(DemoContext(seed=3, now=now, out=StringIO(), quiet=True))
    campaign = Campaign.objects.get()
    assert campaign.region.code == "371700" and campaign.questions.count() == 3
    figures = selectors.figures(campaign)
    assert figures["villages_total"] == 4 and figures["villages_reached"] == 2
    assert figures["coverage"] == 50.0 and figures["people_reached"] > 0
    assert not Action.objects.filter(created_at__gt=now).exists()
    assert not Action.objects.filter(created_at__date__lt=campaign.starts_on).exists()
