"""Reads for campaigns: coverage (villages reached over all villages), drill-down, figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from nuanxin.campaigns.models import Action, Campaign, QuizPass
from nuanxin.kernel.errors import NotFound
from nuanxin.regions import selectors as regions
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q


def get_campaign(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_related("region").filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound("宣传活动不存在", field="campaign")
    return campaign


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("region")


def villages(region: Region) -> QuerySet[Region]:
    """The target: every village (community) in the region's subtree."""
    return regions.subtree(region).filter(level=Level.VILLAGE)


def reached_ids(campaign: Campaign, within: Region | None = None) -> set[int]:
    actions = Action.objects.filter(campaign=campaign)
    if within is not None:
        actions = actions.filter(subtree_q(within.path, "village__path"))
    return set(actions.values_list("village_id", flat=True).distinct())


@dataclass
class Coverage:
    region: Region
    total: int
    reached: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.reached / self.total, 1) if self.total else None


def coverage(campaign: Campaign, at: Region | None = None) -> Coverage:
    where = at or campaign.region
    return Coverage(where, villages(where).count(), len(reached_ids(campaign, where)))


def drill_down(campaign: Campaign, at: Region) -> list[Coverage]:
    """Coverage of each child of `at` (county -> township -> village), in code order."""
    done = reached_ids(campaign, at)
    rows = list(villages(at).values_list("id", "path"))
    out = []
    for child in regions.children(at):
        mine = [vid for vid, path in rows if path.startswith(child.path)]
        out.append(Coverage(child, len(mine), sum(1 for v in mine if v in done)))
    return out


def unreached(campaign: Campaign, at: Region | None = None) -> QuerySet[Region]:
    where = at or campaign.region
    return villages(where).exclude(pk__in=reached_ids(campaign, where)).order_by("path")


def within_campaign(campaign: Campaign, code: str) -> Region:
    """A region of the campaign's area for drill-down, or 404 naming `at`."""
    region = Region.objects.filter(code=code).first()
    if region is None or not region.path.startswith(campaign.region.path):
        raise NotFound("该区域不在本次活动的覆盖范围内", field="at")
    return region


def figures(campaign: Campaign) -> dict[str, float | int | None]:
    cov = coverage(campaign)
    sums = Action.objects.filter(campaign=campaign).aggregate(
        people=Sum("people"), brochures=Sum("brochures"), n=Count("id"))
    return {
        "villages_total": cov.total,
        "villages_reached": cov.reached,
        "coverage": cov.rate,
        "people_reached": int(sums["people"] or 0),
        "brochures": int(sums["brochures"] or 0),
        "actions": int(sums["n"] or 0),
        "quiz_passed": QuizPass.objects.filter(campaign=campaign).count(),
    }


def has_passed(campaign: Campaign, user_id: int) -> bool:
    return QuizPass.objects.filter(campaign=campaign, user_id=user_id).exists()
