"""Writes to the points ledger. Every change locks the account row first.

Lock: `PointsAccount` row (select_for_update) — held while the entry is written and the
balance moved, so concurrent awards and spends serialise per user.
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import F

from nuanxin.accounts.models import User
from nuanxin.core.errors import DomainError
from nuanxin.points.models import LedgerEntry, PointsAccount, Reason

# Default amounts until per-city award rules say otherwise.
DEFAULT_AWARDS: dict[str, int] = {
    Reason.REPORT_CONFIRMED: 20,
    Reason.ACTIVITY_ATTENDED: 10,
    Reason.VOLUNTEER_SHIFT: 15,
    Reason.STATION_HELP: 5,
}


def source_key(obj: models.Model) -> str:
    """'reports.report:42' — the object an entry came from."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _locked_account(user: User) -> PointsAccount:
    PointsAccount.objects.get_or_create(user=user)
    return PointsAccount.objects.select_for_update().get(user=user)


def post_entry(*, user: User, amount: int, reason: str, source: str = "",
               actor: User | None = None, note: str = "") -> LedgerEntry:
    """Append one entry and move the balance with it; refuse to go below zero.

    Must be called inside `transaction.atomic()`; takes the account lock.
    """
    account = _locked_account(user)
    if account.balance + amount < 0:
        raise DomainError(f"积分不足：当前{account.balance}分，需要{-amount}分", field="points",
                          code="insufficient_points")
    entry = LedgerEntry.objects.create(account=account, amount=amount, reason=reason,
                                       source=source, actor=actor, note=note[:200])
    PointsAccount.objects.filter(pk=account.pk).update(balance=F("balance") + amount)
    return entry


def award_points(*, user: User, reason: str, source: models.Model, actor: User | None = None,
                 amount: int | None = None, note: str = "") -> LedgerEntry:
    """Award points for `source` exactly once: a retry returns the first entry unchanged."""
    key = source_key(source)
    value = DEFAULT_AWARDS.get(reason, 0) if amount is None else amount
    if value <= 0:
        raise DomainError("奖励积分必须为正数", field="amount")
    try:
        with transaction.atomic():
            existing = LedgerEntry.objects.filter(account__user=user, reason=reason,
                                                  source=key).first()
            if existing is not None:
                return existing
            return post_entry(user=user, amount=value, reason=reason, source=key, actor=actor,
                              note=note)
    except IntegrityError:  # a concurrent retry won the unique constraint
        return LedgerEntry.objects.get(account__user=user, reason=reason, source=key)
