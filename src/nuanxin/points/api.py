"""Points and shop API: my balance and entries, the shop, redeem, confirm, cancel, adjust."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import NotFound, PermissionDenied
from nuanxin.kernel.http import client_address
from nuanxin.people.models import Worker
from nuanxin.people.selectors import current_user
from nuanxin.points import redemptions, selectors, services
from nuanxin.points.codes import confirm_path, pretty, qr_svg
from nuanxin.points.models import LedgerEntry, Redemption, RedemptionStatus, ShopItem
from nuanxin.regions.selectors import get_region
from nuanxin.web.pagination import Page, PageField, PageIn, paginate

router = Router(tags=["积分与兑换"])


class EntryOut(Schema):
    id: int
    amount: int
    reason: str
    reason_label: str
    note: str
    created_at: datetime


class PointsOut(Schema):
    balance: int
    entries: Page[EntryOut]


class ItemOut(Schema):
    id: int
    name: str
    category: str
    category_label: str
    description: str
    provider: str
    station_id: int | None
    region_code: str
    region_name: str
    price: int
    stock: int
    valid_from: datetime
    valid_until: datetime
    per_user_limit: int


class ItemFilter(Schema):
    region: str | None = None
    page: int = PageField()


class RedemptionOut(Schema):
    code: str
    code_display: str
    status: str
    status_label: str
    item_id: int
    item_name: str
    provider: str
    points: int
    created_at: datetime
    expires_at: datetime
    confirmed_at: datetime | None
    station_name: str
    confirm_url: str
    qr_svg: str


class RedeemOut(RedemptionOut):
    balance: int
    stock: int


class AdjustIn(Schema):
    worker_id: int
    amount: int
    reason: str


class AdjustOut(Schema):
    id: int
    amount: int
    reason: str
    balance: int


def _entry(e: LedgerEntry) -> EntryOut:
    return EntryOut(id=e.pk, amount=e.amount, reason=e.reason,
                    reason_label=e.get_reason_display(), note=e.note, created_at=e.created_at)


def _item(i: ShopItem) -> ItemOut:
    return ItemOut(id=i.pk, name=i.name, category=i.category,
                   category_label=i.get_category_display(), description=i.description,
                   provider=i.provider, station_id=i.station_id, region_code=i.region.code,
                   region_name=i.region.name, price=i.price, stock=i.stock,
                   valid_from=i.valid_from, valid_until=i.valid_until,
                   per_user_limit=i.per_user_limit)


def _redemption(r: Redemption, *, qr_for: HttpRequest | None) -> dict[str, Any]:
    """`qr_for`: the request whose host the QR points at (a scanner needs a full URL)."""
    return {
        "code": r.code, "code_display": pretty(r.code), "status": r.status,
        "status_label": r.get_status_display(), "item_id": r.item_id, "item_name": r.item.name,
        "provider": r.item.provider, "points": r.points, "created_at": r.created_at,
        "expires_at": r.expires_at, "confirmed_at": r.confirmed_at,
        "station_name": r.station.name if r.station_id else "",  # type: ignore[union-attr]
        "confirm_url": confirm_path(r.code),
        "qr_svg": (qr_svg(qr_for.build_absolute_uri(confirm_path(r.code)))
                   if qr_for is not None and r.status == RedemptionStatus.HELD else ""),
    }


@router.get("/me/points", response=PointsOut, summary="我的积分：余额和明细")
def my_points(request: HttpRequest, q: Query[PageIn]) -> PointsOut:
    user = current_user(request)
    return PointsOut(balance=selectors.balance_of(user),
                     entries=paginate(selectors.entries_of(user), q.page, _entry))


@router.get("/me/redemptions", response=Page[RedemptionOut], summary="我的兑换码")
def my_redemptions(request: HttpRequest, q: Query[PageIn]) -> Page[RedemptionOut]:
    return paginate(selectors.redemptions_of(current_user(request)), q.page,
                    lambda r: RedemptionOut(**_redemption(r, qr_for=request)))


@router.get("/shop/items", response=Page[ItemOut], auth=None, summary="积分商城：在兑商品")
def shop_items(request: HttpRequest, filters: Query[ItemFilter]) -> Page[ItemOut]:
    region = get_region(filters.region, field="region") if filters.region else None
    return paginate(selectors.shop_items(region=region), filters.page, _item)


@router.post("/shop/items/{item_id}/redeem", response={200: RedeemOut, 201: RedeemOut},
             summary="兑换商品，得到兑换码（可带 Idempotency-Key 头：重发返回 200 和同一兑换码，"
                     "不再扣分）")
def redeem(request: HttpRequest, item_id: int) -> Status[RedeemOut]:
    user = current_user(request)
    started = timezone.now()
    r = redemptions.redeem(user=user, item_id=item_id,
                           idempotency_key=request.headers.get("Idempotency-Key", ""))
    stock = ShopItem.objects.values_list("stock", flat=True).get(pk=r.item_id)
    return Status(200 if r.created_at < started else 201, RedeemOut(**_redemption(r, qr_for=request),
                                 balance=selectors.balance_of(user), stock=stock))


@router.get("/redemptions/{code}", response=RedemptionOut, summary="查询兑换码（本人或可核销的站点）")
def show_redemption(request: HttpRequest, code: str) -> RedemptionOut:
    user = current_user(request)
    r = redemptions.find(code)
    if not redemptions.may_cancel(user, r):
        raise PermissionDenied("该兑换码不属于您负责站点所在区域", field="code")
    return RedemptionOut(**_redemption(r, qr_for=request if user.pk == r.user_id else None))


@router.post("/redemptions/{code}/confirm", response=RedemptionOut, summary="站点核销兑换码")
def confirm(request: HttpRequest, code: str) -> RedemptionOut:
    r = redemptions.confirm(operator=current_user(request), code=code)
    return RedemptionOut(**_redemption(r, qr_for=None))


@router.post("/redemptions/{code}/cancel", response=RedemptionOut, summary="取消兑换，退回积分和库存")
def cancel(request: HttpRequest, code: str) -> RedemptionOut:
    r = redemptions.cancel(actor=current_user(request), code=code)
    return RedemptionOut(**_redemption(r, qr_for=None))


@router.post("/points/adjustments", response={201: AdjustOut}, summary="人工调整积分（须填原因，留痕）")
def adjust(request: HttpRequest, payload: AdjustIn) -> Status[AdjustOut]:
    worker = Worker.objects.select_related("user", "work_region").filter(
        pk=payload.worker_id).first()
    if worker is None:
        raise NotFound("人员不存在", field="worker_id")
    subject: User = worker.user
    a = services.adjust_points(actor=current_user(request), subject=subject,
                               amount=payload.amount, reason=payload.reason,
                               ip_address=client_address(request) or None)
    return Status(201, AdjustOut(id=a.pk, amount=a.amount, reason=a.reason,
                                 balance=selectors.balance_of(subject)))
