"""What every list of the API is, as the services describe it, and how one page of it is read.

A service answers a list request with a `Listing`: the ordered statement of the whole list, how
to read a page of it (by number, or after a cursor with its `Keyset`), its total when the
service knows it without counting (a counter, a search's walk) and whether that total is exact,
and what to do with the page's items before they are dumped (a search's snippets). `read_page`
runs it for one page and gives a `PageResult`; the HTTP layer's `ListingPage` turns that into
the envelope with its links. Nothing here knows about HTTP.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Integer, Select, bindparam, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm.interfaces import ORMOption

from api.db import ID_MAX, FixedQuery, db


class InvalidCursor(ValueError):
    """A ``cursor`` that is not one this list gave (a 400 for the client)."""


@dataclass(frozen=True, slots=True)
class Keyset:
    """How to page a list by cursor: the rows after a cursor, and the cursor of a row.

    ``after(values)`` is the condition for rows that come after one whose sort key is
    ``values``; ``values(item)`` is an item's sort key, unique tiebreaker last, as JSON values.
    """

    after: Callable[[list[Any]], ColumnElement[bool]]
    values: Callable[[Any], list[Any]]


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """The sort key a cursor carries. Raises ValueError for anything that is not one of ours."""
    values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    if not isinstance(values, list) or not values:
        raise ValueError("not a cursor")
    return values


def cursor_int(value: Any) -> int:
    """A cursor's id or position, refused (ValueError: a 400) unless it is an integer the
    engines can compare with a column: JSON's ``true`` decodes to a Python int too, which
    PostgreSQL would compare as a boolean, and its integer columns hold 32 bits."""
    if type(value) is not int or not 0 <= value <= ID_MAX:
        raise ValueError("not a cursor of this list")
    return value


Facets = Callable[[Select, int, bool], dict[str, Any]]


@dataclass(frozen=True)
class Listing:
    """One list, described by its service, not yet read.

    - ``statement``: the whole list, ordered with a unique tiebreaker so that pages are stable;
      facets count over it.
    - ``total``: its size when the service knows it without counting (a counter, a search's
      walk); None: `read_page` counts ``statement``. ``total_exact`` False: a lower bound.
    - ``keyset``: cursor paging (None: by page number only).
    - ``page_source(page, page_size)``: the statement a page by number is read from, where that
      is cheaper than ``statement`` (a search's ranked window); None: ``statement``.
    - ``row_options``: the loader options of ``statement``'s model, for reading a page's rows
      by id (see `read_page`).
    - ``read_rows(ids)``: the page's rows by id, in that order, as plain rows (Core reads,
      `api.services.rows`) instead of the model's objects.
    - ``items``: what to do with the page's rows before they are dumped (snippets).
    - ``facets(statement, total, exact)``: the ``facets`` and ``facet_sample`` over the list's
      statement, to add when asked.
    - ``params``: the values of ``statement``'s bind parameters, where the service built it
      once for every request of its shape (``bindparam("speaker")``...); `bound` is the
      statement with them.
    - ``fixed``: ``statement`` is built once per shape and kept (a module's constant, or a
      cached shape whose parameters are integers in ``params``): a page's ids and the count
      are then read with fixed statements compiled once (`api.db.FixedQuery`), not through
      SQLAlchemy's execution at every request.
    """

    statement: Select
    total: int | None = None
    total_exact: bool = True
    keyset: Keyset | None = None
    page_source: Callable[[int, int], Select] | None = None
    row_options: Sequence[ORMOption] = ()
    read_rows: Callable[[list[int]], list[Any]] | None = None
    items: Callable[[list[Any]], list[Any]] | None = None
    facets: Facets | None = None
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)
    fixed: bool = False

    def bound(self) -> Select:
        """``statement`` with its parameters' values (``statement`` itself when it has none)."""
        return self.statement.params(**self.params) if self.params else self.statement


@dataclass(frozen=True)
class PageResult:
    """One page of a `Listing`: its items, the list's total (and whether it is exact), whether
    more items follow, and the cursor of the page's last item (with a keyset)."""

    items: list[Any]
    total: int
    total_exact: bool
    pages: int
    has_more: bool
    next_cursor: str | None
    extra: dict[str, Any]


def read_page(listing: Listing, page: int, page_size: int, cursor: str | None = None
              ) -> PageResult:
    """Read one page of ``listing``: by number, or after ``cursor`` (with a keyset). Raises
    `InvalidCursor` for a cursor this list did not give."""
    fixed = _fixed_reads(listing.statement) if listing.fixed else None
    if listing.total is not None:
        total = listing.total
    elif fixed is not None:
        total = fixed.count.scalar(db.session.connection(), **listing.params)
    else:
        total = count_rows(listing.statement, params=listing.params)
    if listing.keyset is not None and cursor is not None:
        try:
            window = listing.statement.where(listing.keyset.after(decode_cursor(cursor)))
        except (TypeError, ValueError) as error:
            raise InvalidCursor(cursor) from error
    elif fixed is not None and listing.page_source is None and listing.read_rows is not None:
        window = None
        ids = [row[0] for row in fixed.ids.rows(db.session.connection(), **listing.params,
                                                  limit=page_size + 1,
                                                  offset=(page - 1) * page_size)]
        rows = listing.read_rows(ids) if ids else []
    else:
        source = (listing.page_source(page, page_size) if listing.page_source is not None
                  else listing.statement)
        window = source.offset((page - 1) * page_size)
    if window is not None:
        rows = _page_rows(window, page_size + 1, listing.row_options, listing.read_rows,
                          listing.params)
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = (encode_cursor(listing.keyset.values(rows[-1]))
                   if listing.keyset is not None and has_more else None)
    items = list(listing.items(rows)) if listing.items is not None else rows
    extra = ({} if listing.facets is None
             else listing.facets(listing.bound(), total, listing.total_exact))
    return PageResult(items=items, total=total, total_exact=listing.total_exact,
                      pages=math.ceil(total / page_size) if total else 0, has_more=has_more,
                      next_cursor=next_cursor, extra=extra)


def field(item: Any, name: str) -> Any:
    """An item's value ``name``, whether the item is a plain row (a dict) or an object."""
    return item[name] if type(item) is dict else getattr(item, name)


def count_rows(statement: Select, limit: int | None = None,
               params: Mapping[str, Any] | None = None) -> int:
    """How many rows ``statement`` gives (its order ignored); with ``limit``, at most that many:
    the engine stops there. ``params``: the values of its bind parameters."""
    counted = statement.order_by(None)
    if limit is not None:
        counted = counted.limit(limit)
    return db.session.connection().scalar(select(func.count()).select_from(counted.subquery()),
                                          params or None)


@dataclass(frozen=True)
class _FixedReads:
    """A kept statement's page of ids (``limit``, ``offset``) and count, compiled once."""

    statement: Select
    ids: FixedQuery
    count: FixedQuery


#: By the id of a kept statement (`Listing.fixed`), which it holds so that the id stays its.
_fixed: dict[int, _FixedReads] = {}


def _fixed_reads(statement: Select) -> _FixedReads:
    found = _fixed.get(id(statement))
    if found is None or found.statement is not statement:
        (key,) = sa_inspect(statement.column_descriptions[0]["entity"]).primary_key
        # A BIGINT offset, as SQLAlchemy types a literal one past 32 bits: the last page
        # there can be starts there (PostgreSQL would refuse it as an INTEGER).
        ids = (statement.with_only_columns(key).limit(bindparam("limit", type_=Integer))
               .offset(bindparam("offset", type_=BigInteger)))
        count = select(func.count()).select_from(statement.order_by(None).subquery())
        found = _fixed[id(statement)] = _FixedReads(statement, FixedQuery(ids),
                                                    FixedQuery(count))
    return found


def _page_rows(window: Select, limit: int, row_options: Sequence[ORMOption],
               read_rows: Callable[[list[int]], list[Any]] | None = None,
               params: Mapping[str, Any] | None = None) -> list[Any]:
    """The window's rows (items, or tuples when it selects more than one thing).

    A list of one model is read in two steps: the ids of the window, which the engine sorts and
    pages from its indexes alone, then those rows by primary key (by ``read_rows``, else as
    objects with ``row_options``). Sorting whole rows would read every matching row (and its
    long text) to keep twenty.
    """
    descriptions = window.column_descriptions
    model = descriptions[0]["entity"] if len(descriptions) == 1 else None
    if model is None or descriptions[0]["expr"] is not model:
        rows = db.session.execute(window.limit(limit), params or None).all()
        return [row[0] if len(row) == 1 else row for row in rows]
    (key,) = sa_inspect(model).primary_key
    # The ids are plain values: read on the session's connection, without the ORM's loading.
    ids = db.session.connection().execute(window.with_only_columns(key).limit(limit),
                                          params or None).scalars().all()
    if not ids:
        return []
    if read_rows is not None:
        return read_rows(list(ids))
    loaded = select(model).where(key.in_(ids)).options(*row_options)
    by_id = {getattr(item, key.key): item for item in db.session.scalars(loaded)}
    return [by_id[i] for i in ids]
