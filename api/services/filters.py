"""What a list request asks for, as typed objects: the query schemas (``schemas/``) build them
from the query string, the services read them. ``q`` is parsed once, here, into a `SearchQuery`
(a `QuerySyntaxError` is the client's 400).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, fields

from api.search.query import SearchQuery

#: Fields that choose a page of a list, not which items are in it.
PAGING = ("page", "page_size", "cursor")


@dataclass(frozen=True, kw_only=True)
class PageRequest:
    """Which page of a list: by number, or after an opaque ``cursor`` (from ``links.next``)."""

    page: int = 1
    page_size: int = 20
    cursor: str | None = None

    def used(self) -> set[str]:
        """The names of the filters given (paging aside)."""
        return {f.name for f in fields(self)
                if f.name not in PAGING and f.name not in _NOT_FILTERS and getattr(self, f.name)}

    def search_key(self, name: str) -> Hashable:
        """What names this search (the listed table and every argument but paging), for the
        hints a search keeps about itself."""
        return (name, *((f.name, getattr(self, f.name)) for f in fields(self)
                        if f.name not in PAGING))


#: Arguments that shape a list's answer without filtering its items.
_NOT_FILTERS = ("exact_total", "facets", "order_by", "format")


@dataclass(frozen=True, kw_only=True)
class ArticleFilter(PageRequest):
    """``GET /v1/articles``: a search, filters, facets and the order."""

    q: SearchQuery | None = None
    exact_total: bool = False
    category: str | None = None
    from_: dt.date | None = None
    to: dt.date | None = None
    section: str | None = None
    entity: tuple[int, ...] = ()
    speaker: int | None = None
    publisher: str | None = None
    author: str | None = None
    language: str | None = None
    facets: tuple[str, ...] = ()
    order_by: str | None = None

    @property
    def order(self) -> str:
        """The order asked for: relevance by default when searching, else newest first
        (``relevance`` without a search too: there is no score to rank by)."""
        if self.order_by == "relevance" and not self.q:
            return "newest"
        return self.order_by or ("relevance" if self.q else "newest")


@dataclass(frozen=True, kw_only=True)
class SectionFilter(PageRequest):
    """``GET /v1/sections``: a search, a label, dates."""

    q: SearchQuery | None = None
    exact_total: bool = False
    label: str | None = None
    from_: dt.date | None = None
    to: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class QuoteFilter(PageRequest):
    """``GET /v1/quotes``: a search, speaker, article, kind, dates and facets."""

    q: SearchQuery | None = None
    exact_total: bool = False
    speaker: int | None = None
    article: int | None = None
    kind: tuple[str, ...] = ()
    from_: dt.date | None = None
    to: dt.date | None = None
    facets: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EntityFilter(PageRequest):
    """``GET /v1/entities``: a type, a name fragment (``q``: plain text, not the search
    language) and the order."""

    type: str | None = None
    q: str | None = None
    order_by: str = "mentions"


@dataclass(frozen=True, kw_only=True)
class ArticleExport(ArticleFilter):
    """``GET /v1/articles/export``: the list's filters and the export's ``format``."""

    format: str = "jsonl"


@dataclass(frozen=True, kw_only=True)
class QuoteExport(QuoteFilter):
    """``GET /v1/quotes/export``: the list's filters and the export's ``format``."""

    format: str = "jsonl"


@dataclass(frozen=True, kw_only=True)
class EntityExport(EntityFilter):
    """``GET /v1/entities/export``: the list's filters and the export's ``format``."""

    format: str = "jsonl"
