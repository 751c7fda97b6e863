"""The points rollup: figures read whole days from LedgerDay and the rest live, and stay
equal to a fresh count of the ledger while entries keep coming."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from nuanxin.dashboard import sections
from nuanxin.dashboard.periods import Period, parse_period
from nuanxin.points.models import LedgerDay, LedgerEntry, Reason
from nuanxin.points.services import post_entry, roll_up_ledger
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q

pytestmark = pytest.mark.django_db


def around_today() -> Period:
    """Forty days either side of the real today (the tests travel a day at most)."""
    today = timezone.localdate()
    return parse_period(str(today - timedelta(days=40)), str(today + timedelta(days=40)))


PERIOD = around_today()


def fresh(region: Region) -> tuple[int, int]:
    """Issued and redeemed points in the period, summed straight from the ledger."""
    period = PERIOD
    qs = LedgerEntry.objects.filter(
        subtree_q(region.path, "account__user__worker__work_region__path"),
        created_at__date__gte=period.start, created_at__date__lt=period.end)
    issued = qs.filter(amount__gt=0).exclude(reason=Reason.REFUND).aggregate(
        s=Sum("amount"))["s"] or 0
    spent = qs.filter(Q(reason=Reason.REDEMPTION) | Q(reason=Reason.REFUND)).aggregate(
        s=Sum("amount"))["s"] or 0
    return issued, -spent


def counted(region: Region) -> tuple[int, int]:
    period = PERIOD
    figs = sections.compute(region, period.start, period.end)["points"]
    return int(figs["issued"].value or 0), int(figs["redeemed"].value or 0)


def test_rollup_then_writes_still_match_a_fresh_count(world: Any,
                                                      regions: dict[str, Region]) -> None:
    people = world["people"]["371702002001"]
    # Yesterday's entries exist; roll them up as the nightly job would, then keep writing.
    with time_machine.travel(timezone.now() - timedelta(days=1), tick=False), \
            transaction.atomic():
        post_entry(user=people[1], amount=10, reason=Reason.REPORT_CONFIRMED)
    call_command("roll_up_figures")  # rolls up days before today only
    assert LedgerDay.objects.exists()
    assert roll_up_ledger() == 0  # idempotent: nothing new to add
    for code in ("371700", "371702", "371702002001", "371721"):
        assert counted(regions[code]) == fresh(regions[code])
    with transaction.atomic():
        post_entry(user=people[2], amount=15, reason=Reason.VOLUNTEER_SHIFT)
        post_entry(user=people[2], amount=-5, reason=Reason.REDEMPTION)
    assert counted(regions["371700"]) == fresh(regions["371700"]) == (55, 9)
    # the next day's run moves today into the rollup; the figures do not change
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        assert roll_up_ledger() > 0
        assert counted(regions["371700"]) == fresh(regions["371700"]) == (55, 9)


def test_children_split_of_rolled_up_days(world: Any, regions: dict[str, Region]) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        roll_up_ledger()
        period = PERIOD
        kids = [regions["371702"], regions["371721"]]
        grouped = sections.compute_children(regions["371700"], kids, period.start, period.end)
        assert grouped["371702"]["points"]["issued"].value == fresh(regions["371702"])[0] == 30
        assert grouped["371721"]["points"]["issued"].value == 0
