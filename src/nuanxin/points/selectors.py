"""Reads for points and the shop: balances, rules, the shop window, who may confirm a code."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.roles import Role
from nuanxin.points.models import (
    AwardRule,
    LedgerEntry,
    PointsAccount,
    Redemption,
    ShopItem,
)
from nuanxin.regions.models import Region
from nuanxin.regions.paths import codes_of, subtree_q
from nuanxin.stations.models import Station, StationStatus

# Who may correct a worker's points by hand: community staff and above, for their region.
ADJUST_ROLES: set[str] = {Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF,
                          Role.CITY_ADMIN}
# Who reads the shop's figures for a region (and cancels a code there if need be).
SHOP_STAFF_ROLES: set[str] = ADJUST_ROLES | {Role.GRID_WORKER}


def home_region_of(user: User) -> Region | None:
    """Where the worker works: decides the city's rules and who may adjust their points."""
    worker = getattr(user, "worker", None)
    return worker.work_region if worker is not None else None


def county_of(user: User) -> Region | None:
    """The county (second level) of the worker's work region, for a nearby shop window."""
    region = home_region_of(user)
    if region is None:
        return None
    codes = codes_of(region.path)
    return Region.objects.filter(code=codes[1]).first() if len(codes) > 1 else region


def award_rule_for(user: User, reason: str) -> AwardRule | None:
    region = home_region_of(user)
    if region is None:
        return None
    city_code = codes_of(region.path)[0]
    return AwardRule.objects.filter(city__code=city_code, reason=reason).first()


def balance_of(user: User) -> int:
    account = PointsAccount.objects.filter(user=user).only("balance").first()
    return account.balance if account is not None else 0


def entry_for_source(user: User, *, reason: str, source: str) -> LedgerEntry | None:
    """The one ledger entry `user` got for `source` (e.g. a confirmed report), if any."""
    return LedgerEntry.objects.filter(account__user=user, reason=reason, source=source).first()


def entries_of(user: User) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(account__user=user).order_by("-created_at", "-id")


def shop_items(*, now: datetime | None = None, region: Region | None = None) -> QuerySet[ShopItem]:
    """Items on offer now (sold-out ones included, shown as such), cheapest first."""
    now = now or timezone.now()
    qs = ShopItem.objects.filter(active=True, valid_from__lte=now, valid_until__gt=now)
    if region is not None:
        qs = qs.filter(subtree_q(region.path, "region__path"))
    return qs.select_related("station", "region").order_by("price", "id")


def redemptions_of(user: User) -> QuerySet[Redemption]:
    return (Redemption.objects.filter(user=user).select_related("item", "item__station",
                                                                "item__region", "station")
            .order_by("-created_at", "-id"))


def stations_operated_by(user: User) -> QuerySet[Station]:
    """Stations this user runs (`Station.operator`), not closed for good."""
    if not getattr(user, "is_authenticated", False):
        return Station.objects.none()
    return Station.objects.filter(operator=user).exclude(status=StationStatus.CLOSED)


def confirming_station(user: User, item: ShopItem) -> Station | None:
    """The station at which `user` may hand `item` over, or None if they may not.

    The offering station's operator may; so may the operator of any station inside the
    item's redeemable region (a merchant's goods are handed out at stations there).
    """
    mine = stations_operated_by(user)
    if item.station_id is not None:
        own = mine.filter(pk=item.station_id).first()
        if own is not None:
            return own
    return mine.filter(subtree_q(item.region.path, "region__path")).order_by("id").first()


def operates_any_station(user: User) -> bool:
    return stations_operated_by(user).exists()


def redemption_by_code(code: str) -> Redemption | None:
    return (Redemption.objects.select_related("item", "item__station", "item__region", "user",
                                              "station", "confirmed_by")
            .filter(code=code).first())


def items_in(region: Region) -> QuerySet[ShopItem]:
    return (ShopItem.objects.filter(subtree_q(region.path, "region__path"))
            .select_related("station", "region").order_by("region__path", "price", "id"))


def redemptions_in(region: Region) -> QuerySet[Redemption]:
    return (Redemption.objects.filter(subtree_q(region.path, "item__region__path"))
            .select_related("item", "item__region", "user", "station", "confirmed_by")
            .order_by("-created_at", "-id"))


def entries_in(region: Region) -> QuerySet[LedgerEntry]:
    """Entries of workers whose work region lies in `region`."""
    return LedgerEntry.objects.filter(
        subtree_q(region.path, "account__user__worker__work_region__path"))


def due_for_expiry(now: datetime) -> QuerySet[Redemption]:
    return Redemption.objects.filter(Q(status="held") & Q(expires_at__lte=now))
