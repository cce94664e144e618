"""Full-text search over articles, sections and quotes.

- `api.search.query`: the query language (pure), parsed once per request by the query schemas;
  a malformed query is a `QuerySyntaxError` (the client's 400, mapped by `api.errors`).
- `api.search.engines`: one `SearchEngine` interface, with the FTS5 (SQLite) and PostgreSQL
  implementations; the app chooses one, once, from its database.
- `api.search.walk`: the search window (a search ranks and counts exactly only its newest
  matches) and the walk that finds them, with its hints (`DensityCache`).
- `api.search.snippets`: each hit's excerpt, HTML-escaped, hits in ``<mark>``.

The app holds one `Searcher` (``app.extensions["search"]``, made by `init_search`); the query
services reach it with `searcher()`::

    found = searcher().articles(select(Article), request.q)   # a Search: statement, rank, snippet
    statement = found.statement.order_by(found.rank.desc(), Article.id.desc())
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Connection, Select
from sqlalchemy.engine import make_url

from api.models import Quote, Section
from api.search.engines import Search, SearchEngine, engine_for
from api.search.query import QuerySyntaxError, SearchQuery, parse_query
from api.search.walk import DensityCache, RankedParts, WindowWalk, WindowWalker

__all__ = ["DensityCache", "QuerySyntaxError", "RankedParts", "Search", "SearchQuery",
           "Searcher", "WindowWalk", "init_search", "parse_query", "searcher"]


class Searcher:
    """One app's search: its engine, and the walk of its window with the walk's hints."""

    def __init__(self, engine: SearchEngine, config: Mapping[str, Any],
                 densities: DensityCache | None = None):
        self.engine = engine
        self.walker = WindowWalker(engine, config, densities)

    @property
    def window(self) -> int:
        """How many of its newest matches a search ranks and counts exactly."""
        return self.walker.window

    def index_article(self, connection: Connection, article_id: int) -> None:
        self.engine.index_article(connection, article_id)

    def articles(self, statement: Select, query: SearchQuery) -> Search:
        return self.engine.articles(statement, query)

    def sections(self, statement: Select, query: SearchQuery) -> Search:
        return self.engine.parts(statement, query, Section)

    def quotes(self, statement: Select, query: SearchQuery) -> Search:
        return self.engine.parts(statement, query, Quote)

    def matching_ids(self, query: SearchQuery) -> Select:
        return self.engine.matching_ids(query)


def init_search(app: Flask) -> Searcher:
    """Give ``app`` its `Searcher`: the engine of its database (``SQLALCHEMY_DATABASE_URI``),
    the window of ``NEWSDESK_SEARCH_WINDOW``, an empty density cache."""
    dialect = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    search = Searcher(engine_for(dialect), app.config)
    app.extensions["search"] = search
    return search


def searcher() -> Searcher:
    """The current app's `Searcher`."""
    return current_app.extensions["search"]
