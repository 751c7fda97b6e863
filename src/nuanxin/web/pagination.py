"""A small typed page of results, with the total, for list endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from nuanxin.kernel.errors import DomainError

T = TypeVar("T")

# Past this page an OFFSET overflows the database's integer (a 500 on SQLite and
# PostgreSQL alike); no list here has 100,000 pages.
MAX_PAGE = 100_000


def PageField() -> Any:
    """`page: int = PageField()`: documents 1..MAX_PAGE; `check_page` refuses the rest with 400."""
    return Field(1, description="页码，从1开始",
                 json_schema_extra={"minimum": 1, "maximum": MAX_PAGE})


class PageIn(Schema):
    """`q: Query[PageIn]` for a list whose only parameter is the page."""

    page: int = PageField()


def check_page(page: int) -> int:
    if not 1 <= page <= MAX_PAGE:
        raise DomainError(f"页码(page)应在1到{MAX_PAGE}之间", field="page")
    return page


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    page: int
    pages: int


def paginate(qs: QuerySet[Any], page: int, to_out: Callable[[Any], T],
             per_page: int | None = None) -> Page[T]:
    size = per_page or settings.NINJA_PAGINATION_PER_PAGE
    check_page(page)
    total = qs.count()
    items = [to_out(x) for x in qs[(page - 1) * size: page * size]]
    return Page[T](items=items, total=total, page=page, pages=max(1, -(-total // size)))
