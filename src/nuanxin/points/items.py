"""Shop item writes: who offers it, where it can be redeemed, for how long."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.points.models import ItemCategory, ShopItem
from nuanxin.points.selectors import ADJUST_ROLES
from nuanxin.regions.models import Region
from nuanxin.stations.models import Station


def validate_item(*, station: Station | None, merchant_name: str, region: Region | None,
                  valid_from: datetime | None, valid_until: datetime | None) -> None:
    """An item needs a provider, and a station's item must be redeemable where it stands."""
    if station is None and not (merchant_name or "").strip():
        raise DomainError("请选择提供站点或填写提供商家", field="station")
    if region is None:
        raise DomainError("请选择可兑换区域", field="region")
    if station is not None and not station.region.path.startswith(region.path):
        raise DomainError(f"站点“{station.name}”不在可兑换区域“{region.name}”内", field="region")
    if valid_from and valid_until and valid_until <= valid_from:
        raise DomainError("兑换截止时间必须晚于开始时间", field="valid_until")


def validate_numbers(*, price: int | None, stock: int | None,
                     code_valid_hours: int | None) -> None:
    """Price, stock and code lifetime (None: already refused by the form's own field check)."""
    if price is not None and price < 1:
        raise DomainError("所需积分至少为1", field="price")
    if stock is not None and stock < 0:
        raise DomainError("库存不能为负数", field="stock")
    if code_valid_hours is not None and code_valid_hours < 1:
        raise DomainError("兑换码有效时长至少为1小时", field="code_valid_hours")


def create_item(*, name: str, category: str, price: int, stock: int, valid_from: datetime,
                valid_until: datetime, region: Region | None = None,
                station: Station | None = None, merchant_name: str = "", description: str = "",
                code_valid_hours: int = 72, per_user_limit: int = 0,
                created_by: User | None = None) -> ShopItem:
    """Put an item on the shelf; staff may only do so for their own region."""
    region = region or (station.region if station is not None else None)
    validate_item(station=station, merchant_name=merchant_name, region=region,
                  valid_from=valid_from, valid_until=valid_until)
    assert region is not None  # validate_item refused a missing region
    if not name.strip():
        raise DomainError("请填写商品名称", field="name")
    if category not in ItemCategory.values:
        raise DomainError("商品类别不正确", field="category")
    validate_numbers(price=price, stock=stock, code_valid_hours=code_valid_hours)
    if created_by is not None and not can(created_by, ADJUST_ROLES, region):
        raise PermissionDenied("只能在自己辖区内上架商品")
    return ShopItem.objects.create(
        name=name.strip()[:60], category=category, price=price, stock=stock, region=region,
        station=station, merchant_name=merchant_name.strip()[:60], description=description[:300],
        valid_from=valid_from, valid_until=valid_until, code_valid_hours=code_valid_hours,
        per_user_limit=per_user_limit, created_by=created_by)


def _check_shop_region(actor: User, region: Region | None, what: str) -> None:
    if region is None or not can(actor, ADJUST_ROLES, region):
        raise PermissionDenied(f"{region.name if region else '该区域'}不在您的辖区内，不能{what}",
                               field="region")


def check_item(*, actor: User, item: ShopItem) -> None:
    """What `save_item` refuses: scope on the stored and the new region, then the rules."""
    stored = ShopItem.objects.select_related("region").filter(pk=item.pk).first() \
        if item.pk else None
    if stored is not None:
        _check_shop_region(actor, stored.region, "修改该商品")
    station = item.station if item.station_id else None
    region = item.region if item.region_id else None
    validate_item(station=station, merchant_name=item.merchant_name, region=region,
                  valid_from=item.valid_from, valid_until=item.valid_until)
    _check_shop_region(actor, region, "在此上架商品")
    if not item.name.strip():
        raise DomainError("请填写商品名称", field="name")
    if item.category not in ItemCategory.values:
        raise DomainError("商品类别不正确", field="category")
    validate_numbers(price=item.price, stock=item.stock, code_valid_hours=item.code_valid_hours)


def save_item(*, actor: User, item: ShopItem) -> ShopItem:
    """Save a back-office edit. Lock: the ShopItem row (as redemption takes it for stock)."""
    with transaction.atomic():
        if item.pk:
            ShopItem.objects.select_for_update().filter(pk=item.pk).first()
        check_item(actor=actor, item=item)
        if not item.pk:
            item.created_by = actor
        item.save()
    return item


def delete_item(*, actor: User, item_id: int) -> None:
    """An item that was ever redeemed is withdrawn (inactive), never deleted: codes point at it."""
    with transaction.atomic():
        item = ShopItem.objects.select_for_update().select_related("region").filter(
            pk=item_id).first()
        if item is None:
            return
        _check_shop_region(actor, item.region, "删除该商品")
        if item.redemptions.exists():
            raise Conflict("该商品已有兑换记录，不能删除；请改为下架（取消“上架”）",
                           field="active")
        item.delete()
