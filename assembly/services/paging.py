"""Long lists read a page at a time: the rows of one page, and how many match in all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
PER_PAGE = 25


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list, and how many items match in all."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the matching items fill (at least one)."""
        return max(1, -(-self.total // self.per_page))


def page_of(session: Session, query: Select[Any], *, page: int, per_page: int = PER_PAGE,
            row: Callable[[Any], T] = lambda r: r, scalars: bool = False) -> Paged[T]:
    """The page asked for of an ordered query (a page past the end: the last one)."""
    total = session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page = max(1, min(page, max(1, -(-total // per_page))))
    paged = query.offset((page - 1) * per_page).limit(per_page)
    rows = session.scalars(paged).all() if scalars else session.execute(paged).all()
    return Paged([row(r) for r in rows], total, page, per_page)
