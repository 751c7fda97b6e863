"""Shop writes: redeem, confirm, cancel, expire. Points and stock move together or not at all.

Locks, always taken in this order so two writers never deadlock:
1. the `Redemption` row (select_for_update) — confirm / cancel / expire: the status is
   read after the lock, so a code is confirmed, cancelled or expired exactly once;
2. the `PointsAccount` row (services.post_entry) — the balance check sees every spend;
3. the `ShopItem` row, by a conditional UPDATE (`stock >= 1`) — the stock never goes
   below zero, and the database's CHECK constraint backs it up.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.points.codes import new_code, normalize_code
from nuanxin.points.models import Reason, Redemption, RedemptionStatus, ShopItem
from nuanxin.points.selectors import (
    SHOP_STAFF_ROLES,
    confirming_station,
    due_for_expiry,
    redemption_by_code,
)
from nuanxin.points.services import append_entry, locked_account, post_entry, source_key
from nuanxin.stations.models import StationStatus

NO_SUCH_CODE = "兑换码不存在，请核对后重新输入"
NOT_YOUR_STATION = "该兑换码不属于您负责站点所在区域，不能核销"
_CLOSED_MESSAGES = {
    RedemptionStatus.CONFIRMED: "该兑换码已使用（{when}核销），不能重复使用",
    RedemptionStatus.CANCELLED: "该兑换码已取消，积分已退回",
    RedemptionStatus.EXPIRED: "该兑换码已过期，积分已退回",
}


def _fmt(when: datetime | None) -> str:
    return timezone.localtime(when).strftime("%m月%d日 %H:%M") if when else ""


def _check_open(item: ShopItem, now: datetime) -> None:
    if not item.active:
        raise DomainError("该商品已下架", field="item")
    if now < item.valid_from:
        raise DomainError(f"该商品{_fmt(item.valid_from)}起才能兑换", field="item")
    if now >= item.valid_until:
        raise DomainError("该商品兑换已截止", field="item")
    if item.station_id and item.station.status == StationStatus.CLOSED:  # type: ignore[union-attr]
        raise DomainError("提供该商品的站点已停用", field="item")


def _for_key(user: User, key: str) -> Redemption | None:
    if not key:
        return None
    return Redemption.objects.select_related("item").filter(user=user, idempotency_key=key).first()


def redeem(*, user: User, item_id: int, now: datetime | None = None,
           idempotency_key: str = "") -> Redemption:
    """Hold the points, take one from stock and give a one-time code, all or nothing.

    A repeated `idempotency_key` returns the first redemption and spends nothing: the key is
    re-read under the account lock, which every spend of this user takes first.
    """
    now = now or timezone.now()
    key = _check_key(idempotency_key)
    earlier = _for_key(user, key)
    if earlier is not None:
        return earlier
    item = ShopItem.objects.select_related("station").filter(pk=item_id).first()
    if item is None:
        raise NotFound("商品不存在", field="item")
    _check_open(item, now)
    with transaction.atomic():
        account = locked_account(user)  # lock 2: serialises this user's spends
        earlier = _for_key(user, key)
        if earlier is not None:  # a retry that waited for the first one's lock
            return earlier
        if account.balance < item.price:
            raise DomainError(f"积分不足：当前{account.balance}分，兑换需要{item.price}分",
                              field="points", code="insufficient_points")
        if item.per_user_limit:
            mine = Redemption.objects.filter(
                user=user, item=item,
                status__in=[RedemptionStatus.HELD, RedemptionStatus.CONFIRMED]).count()
            if mine >= item.per_user_limit:
                raise Conflict(f"该商品每人限兑{item.per_user_limit}次，您已兑换{mine}次",
                               field="item")
        taken = ShopItem.objects.filter(pk=item.pk, stock__gte=1).update(stock=F("stock") - 1)
        if not taken:  # lock 3
            raise Conflict("该商品已兑完，库存不足", field="stock")
        expires = min(now + timedelta(hours=item.code_valid_hours), item.valid_until)
        redemption = _create_with_unique_code(item=item, user=user, expires_at=expires, key=key)
        append_entry(account, amount=-item.price, reason=Reason.REDEMPTION,
                     source=source_key(redemption), actor=None, note=f"兑换{item.name}")
    return redemption


def _check_key(key: str) -> str:
    key = (key or "").strip()
    if len(key) > 64:
        raise DomainError("Idempotency-Key 不能超过64个字符", field="Idempotency-Key")
    return key


def _create_with_unique_code(*, item: ShopItem, user: User, expires_at: datetime,
                             key: str = "") -> Redemption:
    for _ in range(5):
        try:
            with transaction.atomic():
                return Redemption.objects.create(code=new_code(), item=item, user=user,
                                                 points=item.price, expires_at=expires_at,
                                                 idempotency_key=key)
        except IntegrityError:  # the code was taken (1 in ~10^11): draw again
            continue
    raise Conflict("生成兑换码失败，请重试")


def _typed(code: str) -> str:
    """The stored form of what was typed; refuses an empty code."""
    code = normalize_code(code)
    if not code:
        raise DomainError("请输入兑换码", field="code")
    return code


def find(code: str) -> Redemption:
    """The redemption a typed or scanned code names, for reading (no lock)."""
    found = redemption_by_code(_typed(code))
    if found is None:
        raise NotFound(NO_SUCH_CODE, field="code")
    return found


def _locked(code: str) -> Redemption:
    found = (Redemption.objects.select_for_update(of=("self",))
             .select_related("item", "item__region", "item__station")
             .filter(code=_typed(code)).first())
    if found is None:
        raise NotFound(NO_SUCH_CODE, field="code")
    return found


def unusable_reason(r: Redemption, now: datetime) -> str | None:
    """Why this code cannot be handed over now, in the words shown to the operator."""
    if r.status != RedemptionStatus.HELD:
        when = r.confirmed_at if r.status == RedemptionStatus.CONFIRMED else r.closed_at
        return _CLOSED_MESSAGES[RedemptionStatus(r.status)].format(when=_fmt(when))
    if r.expires_at <= now:
        return f"该兑换码已于{_fmt(r.expires_at)}过期，不能核销"
    return None


def _refuse_closed(r: Redemption, now: datetime) -> None:
    reason = unusable_reason(r, now)
    if reason is not None:
        raise Conflict(reason, field="code")


def confirm(*, operator: User, code: str, now: datetime | None = None) -> Redemption:
    """The operator hands the item over: the code is spent, once (lock 1)."""
    now = now or timezone.now()
    with transaction.atomic():
        r = _locked(code)
        station = confirming_station(operator, r.item)
        if station is None:
            raise PermissionDenied(NOT_YOUR_STATION, field="code")
        if operator.pk == r.user_id:
            raise PermissionDenied("不能核销自己的兑换码，请由站点其他工作人员核销", field="code")
        _refuse_closed(r, now)
        r.status = RedemptionStatus.CONFIRMED
        r.confirmed_at = now
        r.confirmed_by = operator
        r.station = station
        r.save(update_fields=["status", "confirmed_at", "confirmed_by", "station"])
    return r


def may_cancel(user: User, r: Redemption) -> bool:
    return (user.pk == r.user_id or confirming_station(user, r.item) is not None
            or can(user, SHOP_STAFF_ROLES, r.item.region))


def _release(r: Redemption, *, status: str, actor: User | None, now: datetime) -> None:
    """Give the points and the stock back (within the caller's transaction and lock 1)."""
    r.status = status
    r.closed_at = now
    r.cancelled_by = actor
    r.save(update_fields=["status", "closed_at", "cancelled_by"])
    label = "取消" if status == RedemptionStatus.CANCELLED else "过期"
    post_entry(user=r.user, amount=r.points, reason=Reason.REFUND, source=source_key(r),
               actor=actor, note=f"{r.item.name}兑换{label}，积分退回")
    ShopItem.objects.filter(pk=r.item_id).update(stock=F("stock") + 1)


def cancel(*, actor: User, code: str, now: datetime | None = None) -> Redemption:
    """The worker (or the station, or staff of the region) cancels an unused code."""
    now = now or timezone.now()
    with transaction.atomic():
        r = _locked(code)
        if not may_cancel(actor, r):
            raise PermissionDenied("只能取消自己的兑换码", field="code")
        if r.status != RedemptionStatus.HELD:
            _refuse_closed(r, now)
        _release(r, status=RedemptionStatus.CANCELLED, actor=actor, now=now)
    return r


def expire_due(*, now: datetime | None = None, user: User | None = None) -> int:
    """Expire every held code past its time (only `user`'s if given), giving points and stock
    back. Idempotent: each code is re-checked under its row lock, so a rerun (or a concurrent
    run) skips it."""
    now = now or timezone.now()
    done = 0
    due = due_for_expiry(now)
    if user is not None:
        due = due.filter(user=user)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            r = (Redemption.objects.select_for_update(of=("self",)).select_related("item")
                 .get(pk=pk))
            if r.status == RedemptionStatus.HELD and r.expires_at <= now:
                _release(r, status=RedemptionStatus.EXPIRED, actor=None, now=now)
                done += 1
    return done
