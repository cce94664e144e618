"""What the lists of article parts across articles (sections, quotes) share: their order, newest
article first and in reading order within it, and the cursor that pages that order.

One definition of the order serves both the ORDER BY and the cursor, so that the two cannot
drift apart (a cursor that disagrees with its list's order skips or repeats items).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, tuple_
from sqlalchemy.orm.interfaces import ORMOption

from api.models import Quote, Section
from api.search import Search, SearchQuery, searcher
from api.search.snippets import with_snippets
from api.services.filters import QuoteFilter, SectionFilter
from api.services.listing import Facets, Keyset, Listing, cursor_int, field

Part = type[Section] | type[Quote]


def listed(statement: Select, part: Part, request: SectionFilter | QuoteFilter,
           search: Callable[[Select, SearchQuery], Search], *, total: int | None = None,
           row_options: Sequence[ORMOption] = (),
           read_rows: Callable[[list[int]], list[Any]] | None = None,
           facets: Facets | None = None) -> Listing:
    """A filtered list of parts in its order: by relevance to ``q`` (`rank_newest` of what
    ``search``, the searcher's `sections` or `quotes`, finds; pages go by number, as articles'
    do: a new part may rank anywhere), else `newest_first`, which the (filter, date, article,
    position) indexes give without sorting, paged by cursor. ``total``: the list's size where a
    counter has it (None: count it)."""
    if request.q is not None:
        ranked = searcher().walker.rank_newest(search(statement, request.q), part,
                                               request.search_key(part.__tablename__),
                                               exact_total=request.exact_total)
        return Listing(ranked.statement, total=ranked.total, total_exact=ranked.exact,
                       page_source=ranked.page_source, items=with_snippets, facets=facets)
    return Listing(statement.order_by(*newest_first(part)), total=total,
                   keyset=newest_first_keyset(part), row_options=row_options,
                   read_rows=read_rows, facets=facets)


def newest_first(part: Part) -> tuple[ColumnElement[Any], ...]:
    """The ORDER BY of a list of parts: the part's copy of its article's date (undated last),
    then the article, then the part's position in it. An article's parts have distinct
    positions, so the order is total; it is the order of the (filter, date, article, position)
    indexes, which give a filtered list's page without sorting."""
    return part.published.desc().nulls_last(), part.article_id.desc(), part.position


def newest_first_keyset(part: Part) -> Keyset:
    """Cursor paging for `newest_first`: a part's (date, article, position), the parts after it
    being the older articles' (then the undated ones) and the same article's later ones."""

    def after(values: list[Any]) -> ColumnElement[bool]:
        published, article_id, position = values
        article_id, position = cursor_int(article_id), cursor_int(position)
        later_in_article = and_(part.article_id == article_id, part.position > position)
        if published is None:
            return and_(part.published.is_(None),
                        or_(part.article_id < article_id, later_in_article))
        day = date.fromisoformat(published)
        # The date and article descend, the position ascends: a row-value comparison for the
        # first two, the cursor's own article spelled out; the undated parts come after every
        # dated one. The filter's index still gives the order (no sort), but the OR with the
        # undated parts makes this a condition checked along it, not where the scan starts.
        return or_(tuple_(part.published, part.article_id) < tuple_(day, article_id),
                   and_(part.published == day, later_in_article),
                   part.published.is_(None))

    def values(item: Any) -> list[Any]:
        published = field(item, "published")
        return [published.isoformat() if published else None, field(item, "article_id"),
                field(item, "position")]

    return Keyset(after=after, values=values)

