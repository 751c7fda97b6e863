"""Mainland resident ID numbers (GB 11643-1999): format, birth date and check digit."""

from __future__ import annotations

from datetime import date

from nuanxin.kernel.errors import DomainError

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize_id_number(raw: str, *, field: str = "id_number") -> str:
    value = (raw or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        raise DomainError("身份证号应为18位（最后一位可为X）", field=field)
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise DomainError("身份证号中的出生日期无效", field=field) from None
    if born.year < 1900 or born > date.today():
        raise DomainError("身份证号中的出生日期无效", field=field)
    if check_digit(value[:17]) != value[17]:
        raise DomainError("身份证号校验位不正确，请核对", field=field)
    return value
