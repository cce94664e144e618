"""The two full-text engines behind one interface: SQLite's FTS5 and PostgreSQL's tsvector/GIN.

Matching: English stemming without stop words on both engines (``sanctioned`` finds
``sanctions``; ``US`` and ``WHO`` are words like any other). SQLite: FTS5 with the ``porter
unicode61 remove_diacritics 0`` tokenizer; PostgreSQL: the ``newsdesk_english`` text search
configuration (``english`` with its Snowball stemmer but no stop word list), made by migration
0002. Diacritics are kept on both (``Melenchon`` does not find ``Mélenchon``).

Relevance: the headline weighs more than the lead, and the lead more than the body (the text of
the sections): FTS5 ``bm25`` with column weights 10/4/1, PostgreSQL ``ts_rank`` over a vector
weighted A/B/C.

Each method restricts a statement to the hits (a join to the FTS5 table, or ``search_vector @@
query`` on a GIN index) and gives the rank (higher is more relevant) and the snippet column;
filters (dates, category, label, speaker...) are added before or after, freely, and the planner
combines them with their own indexes. The statement must name the searched table itself
(``articles``, ``sections``, ``quotes``), not an alias of it. `engine_for` chooses the engine,
once per app (`api.search.Searcher`).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy import column as sql_column
from sqlalchemy.dialects.postgresql import TSVECTOR, aggregate_order_by

from api.db import db
from api.models import Article, Quote, Section
from api.search.query import SearchQuery
from api.search.snippets import fts5_snippet, pg_snippet

#: The PostgreSQL text search configuration made by migration 0002 (english, no stop words).
PG_CONFIG = "newsdesk_english"
# FTS5 bm25 column weights for articles_fts(headline, lead, body).
ARTICLE_WEIGHTS = (10.0, 4.0, 1.0)
#: The ids the first step of PostgreSQL's newest-first walk covers, per match wanted: one step
#: finds them all where at least 1 article in 16 matches.
WALK_SPAN_PER_MATCH = 16

Part = type[Section] | type[Quote]


class Search(NamedTuple):
    """A search: the statement restricted to the hits, an expression to order by (higher is
    more relevant), and the ``snippet`` column to select."""

    statement: Select
    rank: ColumnElement[Any]
    snippet: ColumnElement[str]


class Walked(NamedTuple):
    """What one walk over a search's newest matches found: the matches (ids, or ``(id, rank)``
    pairs), and the density of matches per id over what it walked (None: not measured)."""

    found: list[Any]
    density: float | None


class SearchEngine:
    """What both engines do; see `Fts5Engine` and `PostgresEngine`."""

    #: Whether the newest-first walk ranks each match as it reads it (a page of a search by
    #: relevance is then read by the ranked ids, never matched or ranked again).
    ranks_while_walking = False

    def index_article(self, connection: Connection, article_id: int) -> None:
        """Build the article's entry in the index (headline, lead and its sections' text)
        once its sections are written, in the writer's transaction: on SQLite nothing does
        it per section (migration 0011)."""
        raise NotImplementedError

    def articles(self, statement: Select, query: SearchQuery) -> Search:
        """Restrict ``statement`` (over `Article`) to the articles matching ``query``:
        headline, lead and sections' text, the headline weighing most."""
        raise NotImplementedError

    def parts(self, statement: Select, query: SearchQuery, part: Part) -> Search:
        """Restrict ``statement`` (over `Section` or `Quote`) to those whose text matches."""
        raise NotImplementedError

    def matching_ids(self, query: SearchQuery) -> Select:
        """The ids of the articles matching ``query`` (unordered), from the full-text index
        alone where it can."""
        raise NotImplementedError

    def walked_id(self, model: type[Article] | Part) -> ColumnElement[int]:
        """The id column a walk of a search of ``model`` goes by, newest first."""
        return model.id

    def hits_among(self, statement: Select, ids: list[int]) -> Select:
        """``statement`` (a search of articles) told that only ``ids`` are wanted, where the
        engine can use it to read less of the match."""
        return statement

    def hits_from(self, statement: Select, lowest: int) -> Select:
        """``statement`` (a search of articles) limited to ids from ``lowest`` up."""
        return statement.where(Article.id >= lowest)

    def newest_matches(self, ids: Select, limit: int, *, rank: ColumnElement[Any] | None = None,
                       first_span: int | None = None, density: float | None = None) -> Walked:
        """At most ``limit`` matches of ``ids`` (a statement selecting the searched table's id),
        newest (highest id) first, at a cost that follows ``limit``, not the number of matches;
        with ``rank``, each as ``(id, rank)``. ``first_span`` and ``density`` are hints that
        size the walk's first step; they never change the result."""
        raise NotImplementedError


class Fts5Engine(SearchEngine):
    """SQLite: FTS5 tables (``articles_fts``, ``sections_fts``, ``quotes_fts``) whose rowid is
    the searched row's id. FTS5 walks a match's doclists from the highest rowid down and stops:
    the newest matches cost what is read, not what matches."""

    def index_article(self, connection: Connection, article_id: int) -> None:
        connection.execute(text("DELETE FROM articles_fts WHERE rowid = :id"), {"id": article_id})
        connection.execute(text(
            "INSERT INTO articles_fts(rowid, headline, lead, body) "
            "SELECT id, headline, lead_text, (SELECT group_concat(text, char(10)) FROM "
            "(SELECT text FROM sections WHERE article_id = :id ORDER BY position)) "
            "FROM articles WHERE id = :id"), {"id": article_id})

    def articles(self, statement: Select, query: SearchQuery) -> Search:
        fts = table("articles_fts", sql_column("rowid"))
        return Search(
            statement.join_from(Article, fts, fts.c.rowid == Article.id)
            .where(literal_column("articles_fts").op("MATCH")(query.to_fts5())),
            -func.bm25(literal_column("articles_fts"), *ARTICLE_WEIGHTS),
            fts5_snippet("articles_fts"),
        )

    def parts(self, statement: Select, query: SearchQuery, part: Part) -> Search:
        fts_name = f"{part.__tablename__}_fts"
        fts = table(fts_name, sql_column("rowid"))
        return Search(
            statement.join_from(part, fts, fts.c.rowid == part.id)
            .where(literal_column(fts_name).op("MATCH")(query.to_fts5())),
            -func.bm25(literal_column(fts_name)),
            fts5_snippet(fts_name),
        )

    def matching_ids(self, query: SearchQuery) -> Select:
        fts = table("articles_fts", sql_column("rowid"))
        return (select(fts.c.rowid)
                .where(literal_column("articles_fts").op("MATCH")(query.to_fts5())))

    def walked_id(self, model: type[Article] | Part) -> ColumnElement[int]:
        # The FTS5 table's rowid, which FTS5 itself gives newest first and stops; on the item's
        # id, SQLite would read every match, then sort.
        return literal_column(f"{model.__tablename__}_fts.rowid")

    def hits_among(self, statement: Select, ids: list[int]) -> Select:
        # On the FTS5 rowid too, so that FTS5 reads these rows of the match, not all of it.
        return statement.where(self.walked_id(Article).in_(ids))

    def hits_from(self, statement: Select, lowest: int) -> Select:
        # On the FTS5 table's rowid, which FTS5 itself restricts (on articles.id it would rank
        # every match, then filter).
        return statement.where(self.walked_id(Article) >= lowest)

    def newest_matches(self, ids: Select, limit: int, *, rank: ColumnElement[Any] | None = None,
                       first_span: int | None = None, density: float | None = None) -> Walked:
        (column,) = ids.selected_columns
        if rank is not None:
            return Walked([tuple(row) for row in db.session.execute(
                ids.add_columns(rank).order_by(column.desc()).limit(limit))], None)
        return Walked(list(db.session.scalars(ids.order_by(column.desc()).limit(limit))), None)


class PostgresEngine(SearchEngine):
    """PostgreSQL: a weighted ``search_vector`` per row with a GIN index, under the
    `PG_CONFIG` configuration. A GIN index cannot be walked in order (PostgreSQL rechecks
    every candidate, then sorts), so the newest matches are found through ranges of ids,
    newest first (`newest_matches`)."""

    ranks_while_walking = True

    def index_article(self, connection: Connection, article_id: int) -> None:
        """Nothing to do: migration 0005's statement triggers refresh each article whose
        sections a statement wrote, once per statement."""

    def articles(self, statement: Select, query: SearchQuery) -> Search:
        vector = literal_column("articles.search_vector", TSVECTOR)
        tsquery = self._tsquery(query)
        body = (
            select(func.string_agg(Section.text, aggregate_order_by("\n", Section.position)))
            .where(Section.article_id == Article.id)
            .correlate(Article)
            .scalar_subquery()
        )
        return Search(
            statement.where(vector.op("@@")(tsquery)),
            func.ts_rank(vector, tsquery),
            pg_snippet((Article.headline, Article.lead_text, body), tsquery),
        )

    def parts(self, statement: Select, query: SearchQuery, part: Part) -> Search:
        vector = literal_column(f"{part.__tablename__}.search_vector", TSVECTOR)
        tsquery = self._tsquery(query)
        return Search(
            statement.where(vector.op("@@")(tsquery)),
            func.ts_rank(vector, tsquery),
            pg_snippet((part.text,), tsquery),
        )

    def matching_ids(self, query: SearchQuery) -> Select:
        vector = literal_column("articles.search_vector", TSVECTOR)
        return select(Article.id).where(vector.op("@@")(self._tsquery(query)))

    def newest_matches(self, ids: Select, limit: int, *, rank: ColumnElement[Any] | None = None,
                       first_span: int | None = None, density: float | None = None) -> Walked:
        """The walk goes through ranges of ids, newest first, each sized from the density of
        matches found so far, and PostgreSQL checks only the candidates in the range (a
        BitmapAnd of the GIN candidates and the primary key's range). The first range covers
        ``first_span`` ids; by default enough for ``limit`` matches at ``density`` (what the
        same search's last walk found, so that paging through a search, or a popular one, takes
        one step), else `WALK_SPAN_PER_MATCH` per match wanted."""
        (column,) = ids.selected_columns
        top = db.session.scalar(select(func.max(column)))  # the newest row of the searched table
        if top is None:
            return Walked([], None)
        found: list[Any] = []
        span = first_span or (math.ceil(limit / density * 1.25) if density
                              else WALK_SPAN_PER_MATCH * limit)
        upper, span = top + 1, max(1, span)
        while len(found) < limit and upper > 0:
            lower = max(upper - span, 0)
            # The bounds rendered into the SQL, so that each range is planned for its own size.
            step = (ids.where(column >= literal(lower, literal_execute=True),
                              column < literal(upper, literal_execute=True))
                    .order_by(column.desc()).limit(limit - len(found)))
            if rank is None:
                found += db.session.scalars(step)
            else:
                found += [tuple(row) for row in db.session.execute(step.add_columns(rank))]
            walked, upper = top + 1 - lower, lower
            # The next range: what is still wanted at the density seen so far, and a quarter
            # more; four times the last one while nothing matched.
            span = (math.ceil((limit - len(found)) * walked / len(found) * 1.25) if found
                    else span * 4)
        if not found:
            return Walked(found, None)
        # Over the ids walked: down to the oldest match found when the LIMIT cut the last
        # range, else every id.
        oldest = found[-1][0] if rank is not None else found[-1]
        bottom = oldest if len(found) >= limit else upper
        return Walked(found, len(found) / (top + 1 - bottom))

    @staticmethod
    def _tsquery(query: SearchQuery) -> ColumnElement[Any]:
        return func.to_tsquery(literal_column(f"'{PG_CONFIG}'::regconfig"), query.to_tsquery())


def engine_for(dialect: str) -> SearchEngine:
    """The engine for a database of ``dialect`` (``postgresql``; anything else is SQLite)."""
    return PostgresEngine() if dialect == "postgresql" else Fts5Engine()
