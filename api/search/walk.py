"""The search window: a search ranks, and counts exactly, only its newest matches.

Ranking or counting every match would cost in proportion to the archive. A search instead walks
its newest ``window`` matches (by id, `SearchEngine.newest_matches`), ranks those by relevance
and lists the older ones after them, newest first; its total is exact when the window holds
every match (or the client asks for ``exact_total``), else a lower bound. This costs the same at
any size of archive.

The walk keeps one hint per search, in a `DensityCache` the app holds: the density of matches
its last walk found, which sizes the next walk's first step (PostgreSQL), never its result.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, case, func, select

from api.db import db
from api.search.engines import Search, SearchEngine


class DensityCache:
    """Matches per id found by recent walks, by search (its table and arguments); at most
    ``size`` searches, the oldest forgotten first. Shared by the threads of a worker."""

    def __init__(self, size: int = 1024):
        self.size = size
        self._densities: dict[Hashable, float] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> float | None:
        return self._densities.get(key)

    def remember(self, key: Hashable, density: float) -> None:
        with self._lock:
            self._densities.pop(key, None)
            if len(self._densities) >= self.size:
                del self._densities[next(iter(self._densities))]  # the oldest
            self._densities[key] = density


class WindowWalk(NamedTuple):
    """What a walk of the window found: the window's matches, newest first (``(id, rank)``
    pairs when ranked), whether older matches follow them, and the total (a lower bound unless
    ``exact``)."""

    rows: list[Any]
    more: bool
    total: int
    exact: bool

    def by_relevance(self) -> list[int]:
        """The window's ids, most relevant first (ties: newest first); the rows are ranked."""
        return [item_id for item_id, _rank in sorted(self.rows, key=lambda row: (-row[1], -row[0]))]


class RankedParts(NamedTuple):
    """A search of sections or quotes ranked like one of articles (`WindowWalker.rank_newest`):
    the ordered statement (rows ``(item, snippet)``), its total and exactness, and the window's
    ids by relevance, from which a page by number is read (`page_source`)."""

    statement: Select
    total: int
    exact: bool
    ranked: list[int]
    more: bool
    model: Any

    def page_source(self, page: int, page_size: int) -> Select:
        """The window's rows alone when the page lies within them (all of them, when the
        window holds every match); else the whole list."""
        if not self.ranked or (self.more and page * page_size >= len(self.ranked)):
            # The page (or the row after it, which tells whether there is a next page) reaches
            # the older matches, listed newest first.
            return self.statement
        return self.statement.where(self.model.id.in_(self.ranked))


class WindowWalker:
    """The walk over a search's newest matches on ``engine``, with its hints; the window's
    size is ``config["NEWSDESK_SEARCH_WINDOW"]`` (the app's configuration, read at each walk)."""

    def __init__(self, engine: SearchEngine, config: Mapping[str, Any],
                 densities: DensityCache | None = None):
        self.engine = engine
        self.config = config
        self.densities = densities if densities is not None else DensityCache()

    @property
    def window(self) -> int:
        """How many of its newest matches a search ranks, and counts exactly
        (``NEWSDESK_SEARCH_WINDOW``, 500 by default)."""
        return self.config["NEWSDESK_SEARCH_WINDOW"]

    def newest_matches(self, ids: Select, limit: int, *, first_span: int | None = None,
                       key: Hashable | None = None, rank: ColumnElement[Any] | None = None
                       ) -> list[Any]:
        """The engine's `newest_matches`, its first step sized by what the last walk of the
        same search (``key``) found; the density this walk found is kept for the next."""
        density = self.densities.get(key) if key is not None else None
        walked = self.engine.newest_matches(ids, limit, rank=rank, first_span=first_span,
                                            density=density)
        if key is not None and walked.density is not None:
            self.densities.remember(key, walked.density)
        return walked.found

    def walk(self, ids: Select, key: Hashable, *, exact_total: bool = False,
             rank: ColumnElement[Any] | None = None) -> WindowWalk:
        """The window's matches of ``ids`` (one more, to know whether older ones follow), with
        the total: exact when the window holds every match or ``exact_total`` asks for a count
        of them all, else the window's size. ``key`` names the search."""
        window = self.window
        rows = self.newest_matches(ids, window + 1, rank=rank, key=key)
        more = len(rows) > window
        rows = rows[:window]
        if more and exact_total:
            every = db.session.scalar(select(func.count()).select_from(ids.subquery()))
            return WindowWalk(rows, more, every, True)
        return WindowWalk(rows, more, len(rows), not more)

    def rank_newest(self, found: Search, model, key: Hashable, *, exact_total: bool = False
                    ) -> RankedParts:
        """A search of sections or quotes (``found``), ranked like one of articles: its window's
        matches by relevance, then the older ones newest first. The statement selects ``(item,
        snippet)`` in that order; a page within the window is read from those rows alone:
        neither the match nor the rank is computed for every match."""
        walk = self.walk(found.statement.with_only_columns(self.engine.walked_id(model))
                         .order_by(None), key, exact_total=exact_total, rank=found.rank)
        listed = found.statement.add_columns(found.snippet)
        if not walk.rows:
            return RankedParts(listed.order_by(model.id.desc()), walk.total, walk.exact, [],
                               walk.more, model)
        ranked = walk.by_relevance()
        place = case({item_id: n for n, item_id in enumerate(ranked)}, value=model.id)
        return RankedParts(listed.order_by(place.asc().nulls_last(), model.id.desc()),
                           walk.total, walk.exact, ranked, walk.more, model)
