"""Writes to the points ledger: awards, spends, refunds and manual adjustments.

Lock: the `PointsAccount` row (select_for_update), taken FIRST by every write and held
while the entry is written and the balance moved, so everything that touches one user's
points is serialised: the idempotency check, the caps and the balance check all run
after the lock and see every earlier write. Lock order across the app: redemption row
-> account row -> shop item row (see redemptions.py), so no two writers deadlock.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import Role
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.points.models import (
    AWARD_REASONS,
    Adjustment,
    AwardRule,
    LedgerDay,
    LedgerEntry,
    LedgerRollupMark,
    PointsAccount,
    Reason,
)
from nuanxin.points.selectors import ADJUST_ROLES, award_rule_for, home_region_of
from nuanxin.regions.models import Region

# Amounts used where a city has no rule for a reason (no caps then).
DEFAULT_AWARDS: dict[str, int] = {
    Reason.REPORT_CONFIRMED: 20,
    Reason.ACTIVITY_ATTENDED: 10,
    Reason.VOLUNTEER_SHIFT: 15,
    Reason.STATION_HELP: 5,
    Reason.CAMPAIGN_QUIZ: 5,
}
MAX_ADJUSTMENT = 10_000


def source_key(obj: models.Model) -> str:
    """'reports.report:42' — the object an entry came from."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def locked_account(user: User) -> PointsAccount:
    """The user's account row, locked (created on first use). Inside a transaction."""
    account = PointsAccount.objects.select_for_update().filter(user=user).first()
    if account is None:
        PointsAccount.objects.get_or_create(user=user)  # a racing creator is tolerated
        account = PointsAccount.objects.select_for_update().get(user=user)
    return account


def append_entry(account: PointsAccount, *, amount: int, reason: str, source: str,
                 actor: User | None, note: str) -> LedgerEntry:
    """Write the entry and move the balance; `account` must be locked by this transaction."""
    if account.balance + amount < 0:
        raise DomainError(f"积分不足：当前{account.balance}分，需要{-amount}分", field="points",
                          code="insufficient_points")
    entry = LedgerEntry.objects.create(account=account, amount=amount, reason=reason,
                                       source=source, actor=actor, note=note[:200])
    PointsAccount.objects.filter(pk=account.pk).update(balance=F("balance") + amount)
    account.balance += amount
    return entry


def post_entry(*, user: User, amount: int, reason: str, source: str = "",
               actor: User | None = None, note: str = "") -> LedgerEntry:
    """Append one entry and move the balance with it; refuse to go below zero.

    Must be called inside `transaction.atomic()`; takes the account lock.
    """
    return append_entry(locked_account(user), amount=amount, reason=reason, source=source,
                        actor=actor, note=note)


def _earned(account: PointsAccount, reason: str, day: datetime,
            month: datetime) -> tuple[int, int]:
    """Points of `reason` earned since the local day and since the month began (one query)."""
    got = LedgerEntry.objects.filter(
        account=account, reason=reason, amount__gt=0, created_at__gte=min(day, month),
    ).aggregate(d=Sum("amount", filter=Q(created_at__gte=day)), m=Sum("amount"))
    return int(got["d"] or 0), int(got["m"] or 0)


def _capped(account: PointsAccount, reason: str, value: int,
            rule: AwardRule | None) -> tuple[int, str]:
    """What may still be paid under the rule's daily and monthly caps, and why it was cut."""
    if rule is None:
        return value, ""
    if not rule.active:
        return 0, "本市暂停该项积分"
    granted, why = value, ""
    if not (rule.daily_cap or rule.monthly_cap):
        return granted, why
    day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today, this_month = _earned(account, reason, day, day.replace(day=1))
    if rule.daily_cap and rule.daily_cap - today < granted:
        granted, why = max(0, rule.daily_cap - today), f"已达每日上限{rule.daily_cap}分"
    if rule.monthly_cap and rule.monthly_cap - this_month < granted:
        granted, why = max(0, rule.monthly_cap - this_month), f"已达每月上限{rule.monthly_cap}分"
    return granted, why


def award_points(*, user: User, reason: str, source: models.Model, actor: User | None = None,
                 amount: int | None = None, note: str = "") -> LedgerEntry:
    """Award points for `source` exactly once: a retry returns the first entry unchanged.

    The amount is `amount` if given, else the user's city rule (`AwardRule`, by the city
    of the worker's work region), else `DEFAULT_AWARDS`. The city's daily and monthly
    caps for the reason always apply. An award cut by a cap (or by a rule switched off)
    is STILL recorded, with the amount that was left — possibly 0 — and the note saying
    why: so the return type is always a `LedgerEntry`, nothing is raised for a cap, and the
    same source is never paid later by a retry. Raises DomainError only for a reason that
    is not an award or a non-positive amount.
    """
    if reason not in AWARD_REASONS:
        raise DomainError("该事由不能直接发放积分", field="reason")
    if amount is not None and amount <= 0:
        raise DomainError("奖励积分必须为正数", field="amount")
    key = source_key(source)
    try:
        with transaction.atomic():
            account = locked_account(user)
            existing = LedgerEntry.objects.filter(account=account, reason=reason,
                                                  source=key).first()
            if existing is not None:
                return existing
            rule = award_rule_for(user, reason)
            if amount is not None:
                value = amount
            else:
                value = rule.amount if rule is not None else DEFAULT_AWARDS[reason]
            granted, why = _capped(account, reason, value, rule)
            text = "；".join(t for t in (note, why) if t)
            return append_entry(account, amount=granted, reason=reason, source=key, actor=actor,
                                note=text)
    except IntegrityError:  # defensive: a writer that bypassed the lock won the constraint
        return LedgerEntry.objects.get(account__user=user, reason=reason, source=key)


def adjust_points(*, actor: User, subject: User, amount: int, reason: str,
                  ip_address: str | None = None) -> Adjustment:
    """A manual correction by staff of the worker's region, with a reason, audited.

    Writes the ledger entry and the audit row in one transaction (account lock held).
    """
    text = (reason or "").strip()
    if len(text) < 2:
        raise DomainError("人工调整必须填写原因（至少2个字）", field="reason")
    if not isinstance(amount, int) or amount == 0:
        raise DomainError("调整积分不能为0", field="amount")
    if abs(amount) > MAX_ADJUSTMENT:
        raise DomainError(f"单次调整不能超过{MAX_ADJUSTMENT}分", field="amount")
    region = home_region_of(subject)
    if region is None:
        raise DomainError("只能调整已登记的新就业群体人员的积分", field="worker")
    if actor.pk == subject.pk:
        raise PermissionDenied("不能调整自己的积分")
    if not can(actor, ADJUST_ROLES, region):
        raise PermissionDenied("您无权调整该人员的积分（需为其工作区域的社区及以上工作人员）")
    with transaction.atomic():
        entry = post_entry(user=subject, amount=amount, reason=Reason.MANUAL_ADJUSTMENT,
                           actor=actor, note=text)
        return Adjustment.objects.create(entry=entry, actor=actor, subject=subject,
                                         region=region, amount=amount, reason=text[:200],
                                         ip_address=ip_address)


def set_award_rule(*, city_code: str, reason: str, amount: int, daily_cap: int = 0,
                   monthly_cap: int = 0, active: bool = True,
                   actor: User | None = None) -> AwardRule:
    """Create or change a city's rule for a reason (the admin edits the same rows)."""
    if reason not in AWARD_REASONS:
        raise DomainError("该事由不能配置积分规则", field="reason")
    if amount < 1 or daily_cap < 0 or monthly_cap < 0:
        raise DomainError("积分和上限必须为非负整数，每次积分至少1分", field="amount")
    city = Region.objects.filter(code=city_code, level="city").first()
    if city is None:
        raise DomainError(f"城市区划“{city_code}”不存在", field="city")
    rule, _ = AwardRule.objects.update_or_create(
        city=city, reason=reason,
        defaults={"amount": amount, "daily_cap": daily_cap, "monthly_cap": monthly_cap,
                  "active": active, "updated_by": actor})
    return rule


RULE_ROLES: set[str] = {Role.CITY_ADMIN}


def _check_rule_city(actor: User, city: Region | None, what: str) -> None:
    if city is None or not can(actor, RULE_ROLES, city):
        raise PermissionDenied(f"只有该市的市级管理员可以{what}", field="city")


def check_award_rule(*, actor: User, rule: AwardRule) -> None:
    """What `save_award_rule` refuses: scope on the stored and the new city, then the rules."""
    stored = AwardRule.objects.select_related("city").filter(pk=rule.pk).first() \
        if rule.pk else None
    if stored is not None:
        _check_rule_city(actor, stored.city, "修改该积分规则")
    _check_rule_city(actor, rule.city if rule.city_id else None, "设置积分规则")
    if rule.reason not in AWARD_REASONS:
        raise DomainError("该事由不能配置积分规则", field="reason")
    if rule.amount is None or rule.amount < 1:
        raise DomainError("每次积分至少1分", field="amount")
    if rule.daily_cap < 0 or rule.monthly_cap < 0:
        raise DomainError("上限不能为负数", field="daily_cap")
    if rule.daily_cap and rule.monthly_cap and rule.monthly_cap < rule.daily_cap:
        raise DomainError("每月上限不能小于每日上限", field="monthly_cap")


def save_award_rule(*, actor: User, rule: AwardRule) -> AwardRule:
    """Save a back-office edit of a city's rule. Lock: the AwardRule row."""
    with transaction.atomic():
        if rule.pk:
            AwardRule.objects.select_for_update().filter(pk=rule.pk).first()
        check_award_rule(actor=actor, rule=rule)
        rule.updated_by = actor
        rule.save()
    return rule


def delete_award_rule(*, actor: User, rule_id: int) -> None:
    with transaction.atomic():
        rule = AwardRule.objects.select_for_update().select_related("city").filter(
            pk=rule_id).first()
        if rule is None:
            return
        _check_rule_city(actor, rule.city, "删除积分规则")
        rule.delete()


def expire_due_redemptions() -> int:
    """Expire every held code past its time (the periodic job); idempotent."""
    from nuanxin.points.redemptions import expire_due

    return expire_due()


def cancel_redemption_of(*, user: User, code: str) -> None:
    """The holder cancels their own unused code (points and stock go back)."""
    from nuanxin.points.redemptions import cancel

    cancel(actor=user, code=code)


def _townships() -> dict[int, int]:
    """Region id -> the id of its township (itself at township level or above)."""
    by_path = dict(Region.objects.values_list("path", "id"))
    out = {}
    for path, pk in by_path.items():
        codes = [c for c in path.split("/") if c]
        out[pk] = by_path.get("/".join(codes[:3]) + "/", pk) if len(codes) > 3 else pk
    return out


def roll_up_ledger(*, through: date | None = None) -> int:
    """Add the whole local days before `through` (default: today) to LedgerDay, per
    township; returns the number of rows written. Idempotent: rolled-up days are skipped.

    Lock: the LedgerRollupMark row (select_for_update), so two runners never add a day
    twice. Entries are append-only and stamped when written, so none can land on a day
    already rolled up; the figures count entries from the mark on live.
    """
    from nuanxin.points.figures import ISSUED_Q, REDEEMED_Q
    from nuanxin.regions.tally import local_start

    through = through or timezone.localdate()
    tz = ZoneInfo(settings.TIME_ZONE)
    with transaction.atomic():
        mark = LedgerRollupMark.objects.select_for_update().first()
        if mark is None:
            first = LedgerEntry.objects.order_by("created_at").values_list(
                "created_at", flat=True).first()
            LedgerRollupMark.objects.create(through=timezone.localdate(first) if first
                                            else through)
            mark = LedgerRollupMark.objects.select_for_update().get()
        if mark.through >= through:
            return 0
        township = _townships()
        sums: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
        day = mark.through
        while day < through:  # a month per query keeps each grouping small
            nxt = min(through, date(day.year + day.month // 12, day.month % 12 + 1, 1))
            rows = (LedgerEntry.objects.filter(created_at__gte=local_start(day),
                                               created_at__lt=local_start(nxt),
                                               account__user__worker__isnull=False)
                    .annotate(day=TruncDate("created_at", tzinfo=tz))
                    .values("account__user__worker__work_region", "day").order_by()
                    .annotate(issued=Sum("amount", filter=ISSUED_Q),
                              spent=Sum("amount", filter=REDEEMED_Q)))
            for r in rows:
                rid = r["account__user__worker__work_region"]
                acc = sums[(township.get(rid, rid), r["day"])]
                acc[0] += r["issued"] or 0
                acc[1] -= r["spent"] or 0
            day = nxt
        LedgerDay.objects.bulk_create(
            [LedgerDay(region_id=rid, day=d, issued=v[0], redeemed=v[1])
             for (rid, d), v in sums.items()], batch_size=5000)
        mark.through = through
        mark.save(update_fields=["through", "updated_at"])
    return len(sums)
