"""A small typed page of results, with the total, for list endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Schema

from nuanxin.kernel.errors import DomainError

T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    page: int
    pages: int


def paginate(qs: QuerySet[Any], page: int, to_out: Callable[[Any], T],
             per_page: int | None = None) -> Page[T]:
    size = per_page or settings.NINJA_PAGINATION_PER_PAGE
    if page < 1:
        raise DomainError("页码(page)应从1开始", field="page")
    total = qs.count()
    items = [to_out(x) for x in qs[(page - 1) * size: page * size]]
    return Page[T](items=items, total=total, page=page, pages=max(1, -(-total // size)))
