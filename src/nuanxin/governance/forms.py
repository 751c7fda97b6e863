"""Parsing typed form values into the services' arguments, with field-named refusals."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from nuanxin.kernel.errors import DomainError


def a_date(value: str | None, field: str, what: str) -> date | None:
    if not (value or "").strip():
        return None
    try:
        parsed = parse_date(value or "")
    except ValueError:
        parsed = None
    if parsed is None:
        raise DomainError(f"{what}格式不正确（应为年-月-日）", field=field)
    return parsed


def a_datetime(value: str | None, field: str, what: str) -> datetime:
    try:
        parsed = parse_datetime((value or "").strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise DomainError(f"请填写{what}", field=field)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def a_float(value: str | None, field: str) -> float | None:
    try:
        return float(value) if value and value.strip() else None
    except ValueError:
        raise DomainError("经纬度格式不正确", field=field) from None


def an_int(value: str | None, field: str, what: str) -> int | None:
    if not (value or "").strip():
        return None
    try:
        return int(value or "")
    except ValueError:
        raise DomainError(f"{what}应为整数", field=field) from None


def lines(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").splitlines() if x.strip()]
