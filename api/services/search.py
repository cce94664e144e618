"""Full-text search over articles, sections and quotes, with each engine's own index.

The query language is the same on SQLite and PostgreSQL:

- ``sanctions nato``: every word must match (implicit AND);
- ``"why it matters"``: an exact phrase;
- ``nato OR eu``: either term (``OR`` in capitals; it binds tighter than the implicit AND, so
  ``sanctions nato OR eu`` means sanctions AND (nato OR eu));
- ``-russia`` or ``-"white house"``: exclude a term (at least one term must not be excluded, and
  an excluded term cannot be part of an ``OR``).

Anything else is text: parentheses, ``AND``, ``NEAR``, ``*``, ``:``, ``&``, ``!`` are never
operators. Each word and phrase reaches the engine quoted (an FTS5 string, a tsquery quoted
operand), so that the engine's own tokenizer splits it exactly as it split the indexed documents;
``U.S.`` and ``C++`` are searched as words, and a term made only of punctuation is dropped. A
malformed query raises :class:`QuerySyntaxError` (a ``ValueError``) with a message for the client.

Matching: English stemming without stop words on both engines (``sanctioned`` finds
``sanctions``; ``US`` and ``WHO`` are words like any other). SQLite: FTS5 with the ``porter
unicode61 remove_diacritics 0`` tokenizer; PostgreSQL: the ``newsdesk_english`` text search
configuration (``english`` with its Snowball stemmer but no stop word list), made by migration
0002. Diacritics are kept on both (``Melenchon`` does not find ``Mélenchon``).

Relevance: the headline weighs more than the lead, and the lead more than the body (the text of
the sections): FTS5 ``bm25`` with column weights 10/4/1, PostgreSQL ``ts_rank`` over a vector
weighted A/B/C. Each hit's ``snippet`` is a short excerpt, HTML-escaped, with every matched term in
``<mark>…</mark>`` and ``…`` where text was cut, so that a client can put it in a page as it is.

Usage, from the query services (``rank``: higher is more relevant; ``snippet``: a labelled column
to select)::

    from api.services.search import search_articles, search_quotes, search_sections

    # GET /v1/articles?q=...  (request.q: the SearchQuery the query schema parsed)
    statement = select(Article).options(load_only(...))      # plus any other filters
    statement, rank, snippet = search_articles(statement, request.q)
    statement = statement.add_columns(snippet).order_by(rank.desc(), Article.id.desc())
    # rows are now (Article, snippet): a Listing's ``items`` sets article.snippet

    # GET /v1/sections?q=...   (the statement already joins Section.article, or not)
    statement, rank, snippet = search_sections(select(Section).join(Section.article), q)
    statement = statement.add_columns(snippet).order_by(rank.desc(), Section.id.desc())

    # GET /v1/quotes?q=...
    statement, rank, snippet = search_quotes(select(Quote), q)
    statement = statement.add_columns(snippet).order_by(rank.desc(), Quote.id.desc())

Filters (dates, category, label, speaker...) are added to ``statement`` before or after, freely:
the match is a join to the FTS5 table (SQLite) or ``search_vector @@ query`` on a GIN index
(PostgreSQL), and the planner combines it with the filters' own indexes. The statement must name
the searched table itself (``articles``, ``sections``, ``quotes``), not an alias of it.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy import column as sql_column
from sqlalchemy.dialects.postgresql import TSVECTOR, aggregate_order_by

from api.db import db
from api.models import Article, Quote, Section

#: The longest query accepted, in characters, and the most terms in it.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

#: The PostgreSQL text search configuration made by migration 0002 (english, no stop words).
PG_CONFIG = "newsdesk_english"

# Private-use characters mark the hits while the engine builds the snippet; they become
# ``<mark>`` tags only after the text around them has been HTML-escaped.
_START, _STOP = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_TOKENS = 16
# FTS5 bm25 column weights for articles_fts(headline, lead, body).
ARTICLE_WEIGHTS = (10.0, 4.0, 1.0)
#: The ids the first step of PostgreSQL's newest-first walk covers, per match wanted
#: (`newest_matches`): one step finds them all where at least 1 article in 16 matches.
WALK_SPAN_PER_MATCH = 16


def search_window() -> int:
    """How many of its newest matches (by id) a search ranks by relevance and counts exactly
    (``NEWSDESK_SEARCH_WINDOW``, 500 by default); older matches follow the ranked ones, newest
    first, and the total beyond is a lower bound. Ranking or counting every match would cost
    in proportion to the archive; this costs the same at any size."""
    return current_app.config["NEWSDESK_SEARCH_WINDOW"]


class QuerySyntaxError(ValueError):
    """The ``q`` parameter cannot be understood; the message says why, for the client."""


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase, as the user wrote it (whitespace collapsed)."""

    text: str
    phrase: bool = False

    def fts5(self) -> str:
        return '"' + self.text.replace('"', '""') + '"'

    def tsquery(self) -> str:
        return "'" + self.text.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: all of ``groups`` must match (each group: any of its terms), and none of
    ``excluded``."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def to_fts5(self) -> str:
        """The FTS5 MATCH string. FTS5's NOT binds tighter than AND, so ``a AND b NOT c`` is
        a AND (b NOT c): both a and b, and not c."""
        parts = [_join(group, " OR ", Term.fts5) for group in self.groups]
        return " AND ".join(parts) + "".join(" NOT " + term.fts5() for term in self.excluded)

    def to_tsquery(self) -> str:
        """The text for PostgreSQL's ``to_tsquery(config, text)``."""
        parts = [_join(group, " | ", Term.tsquery) for group in self.groups]
        parts += ["!" + term.tsquery() for term in self.excluded]
        return " & ".join(parts)


def _join(group: tuple[Term, ...], operator: str, render) -> str:
    rendered = operator.join(render(term) for term in group)
    return f"({rendered})" if len(group) > 1 else rendered


# A lexer token: ("or", None) or ("term", (Term, excluded)).
_TOKEN = re.compile(r'\s+|(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<neg_unclosed>-)?"|(?P<word>[^\s"]+)')


# Control characters (NUL among them, which PostgreSQL refuses in text) separate words.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _has_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


def parse_query(q: str) -> SearchQuery:
    """Parse the ``q`` syntax (see the module's docstring) or raise :class:`QuerySyntaxError`."""
    if len(q) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"The search query is too long: at most {MAX_QUERY_LENGTH} characters."
        )
    q = _CONTROL.sub(" ", q)
    if not q.strip():
        raise QuerySyntaxError("The search query is empty.")

    tokens: list[tuple[str, Term | None, bool]] = []  # (kind, term, excluded)
    for match in _TOKEN.finditer(q):
        if match.group("neg_unclosed") is not None or match.group(0) == '"':
            raise QuerySyntaxError(
                'The search query has an unbalanced quote: a phrase opened with " is never '
                "closed."
            )
        if (phrase := match.group("phrase")) is not None:
            tokens.append(("term", Term(" ".join(phrase.split()), phrase=True),
                           match.group("neg") is not None))
        elif (word := match.group("word")) is not None:
            if word == "OR":
                tokens.append(("or", None, False))
            elif word.startswith("-") and len(word) > 1:
                tokens.append(("term", Term(word[1:]), True))
            else:
                tokens.append(("term", Term(word), False))

    groups: list[list[tuple[Term, bool]]] = []
    previous = None
    for index, (kind, term, excluded) in enumerate(tokens):
        if kind == "or":
            if previous != "term" or index + 1 == len(tokens) or tokens[index + 1][0] != "term":
                raise QuerySyntaxError("OR must stand between two search terms.")
        elif previous == "or":
            groups[-1].append((term, excluded))
        else:
            groups.append([(term, excluded)])
        previous = kind

    positive: list[tuple[Term, ...]] = []
    negative: list[Term] = []
    for group in groups:
        if len(group) > 1 and any(excluded for _, excluded in group):
            raise QuerySyntaxError("An excluded term (-term) cannot be part of an OR.")
        # Punctuation alone (a lone "-", "&", '""') is not a term: the tokenizers drop it too.
        terms = tuple(term for term, _ in group if _has_word(term.text))
        if not terms:
            continue
        if group[0][1]:
            negative.append(terms[0])
        else:
            positive.append(terms)

    count = sum(len(group) for group in positive) + len(negative)
    if count > MAX_TERMS:
        raise QuerySyntaxError(f"The search query has too many terms: at most {MAX_TERMS}.")
    if not positive:
        if negative:
            raise QuerySyntaxError(
                "The search query only excludes terms: add at least one term to search for."
            )
        raise QuerySyntaxError("The search query has no words to search for.")
    return SearchQuery(tuple(positive), tuple(negative))


class Search(NamedTuple):
    """What a ``search_*`` function returns: the statement restricted to the hits, an expression
    to order by (higher is more relevant), and the ``snippet`` column to select."""

    statement: Select
    rank: ColumnElement[Any]
    snippet: ColumnElement[str]


def search_articles(statement: Select, q: str | SearchQuery) -> Search:
    """Restrict ``statement`` (over ``Article``) to the articles matching ``q``: headline, lead
    and sections' text, the headline weighing most."""
    query = _parsed(q)
    if _dialect() == "postgresql":
        vector = literal_column("articles.search_vector", TSVECTOR)
        tsquery = _tsquery(query)
        body = (
            select(func.string_agg(Section.text, aggregate_order_by("\n", Section.position)))
            .where(Section.article_id == Article.id)
            .correlate(Article)
            .scalar_subquery()
        )
        text = func.concat_ws("\n", Article.headline, Article.lead_text, body)
        return Search(
            statement.where(vector.op("@@")(tsquery)),
            func.ts_rank(vector, tsquery),
            _pg_snippet(text, tsquery),
        )
    fts = table("articles_fts", sql_column("rowid"))
    return Search(
        statement.join_from(Article, fts, fts.c.rowid == Article.id)
        .where(literal_column("articles_fts").op("MATCH")(query.to_fts5())),
        -func.bm25(literal_column("articles_fts"), *ARTICLE_WEIGHTS),
        _fts5_snippet("articles_fts"),
    )


def fts_rowid() -> ColumnElement[int]:
    """SQLite: the rowid of ``articles_fts``, as `search_articles` joins it (a condition on it
    is one FTS5 answers itself, walking only that range of the match)."""
    return literal_column("articles_fts.rowid")


class WindowWalk(NamedTuple):
    """What `walk_window` found: the window's matches, newest first (``(id, rank)`` pairs when
    ranked), whether older matches follow them, and the total (a lower bound unless ``exact``).
    """

    rows: list[Any]
    more: bool
    total: int
    exact: bool

    def by_relevance(self) -> list[int]:
        """The window's ids, most relevant first (ties: newest first); the rows are ranked."""
        return [item_id for item_id, _rank in sorted(self.rows, key=lambda row: (-row[1], -row[0]))]


def walk_window(ids: Select, key: Hashable, *, exact_total: bool = False,
                rank: ColumnElement[Any] | None = None) -> WindowWalk:
    """A search's walk over its newest `search_window` matches (`newest_matches` of ``ids``,
    one more to know whether older ones follow), with the total: exact when the window holds
    every match or ``exact_total`` asks for a count of them all, else the window's size.
    ``key`` names the search (its table and arguments: `PageRequest.search_key`)."""
    window = search_window()
    rows = newest_matches(ids, window + 1, rank=rank, key=key)
    more = len(rows) > window
    rows = rows[:window]
    if more and exact_total:
        every = db.session.scalar(select(func.count()).select_from(ids.subquery()))
        return WindowWalk(rows, more, every, True)
    return WindowWalk(rows, more, len(rows), not more)


class RankedParts(NamedTuple):
    """A search of sections or quotes ranked like one of articles (`rank_newest`): the ordered
    statement (rows ``(item, snippet)``), its total and exactness, and where a page by number is
    read from (`page_source`)."""

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


def rank_newest(found: Search, model, key: Hashable, *, exact_total: bool = False
                ) -> RankedParts:
    """A search of sections or quotes, ranked like one of articles: its `search_window` newest
    matches (by id) by relevance, then the older ones newest first; ``found`` is what
    `search_sections` or `search_quotes` gave. The statement selects ``(item, snippet)`` in that
    order; a page within the window is read from those rows alone (`RankedParts.page_source`):
    neither the match nor the rank is computed for every match.
    """
    # SQLite: walked on the FTS5 table's rowid (the item's id), which FTS5 itself gives newest
    # first and stops; on the item's id, SQLite would read every match, then sort.
    walked = (model.id if _dialect() == "postgresql"
              else literal_column(f"{model.__tablename__}_fts.rowid"))
    walk = walk_window(found.statement.with_only_columns(walked).order_by(None), key,
                       exact_total=exact_total, rank=found.rank)
    listed = found.statement.add_columns(found.snippet)
    if not walk.rows:
        return RankedParts(listed.order_by(model.id.desc()), walk.total, walk.exact, [],
                           walk.more, model)
    ranked = walk.by_relevance()
    place = case({item_id: n for n, item_id in enumerate(ranked)}, value=model.id)
    return RankedParts(listed.order_by(place.asc().nulls_last(), model.id.desc()),
                       walk.total, walk.exact, ranked, walk.more, model)


def newest_matches(ids: Select, limit: int, *, first_span: int | None = None,
                   key: Hashable | None = None, rank: ColumnElement[Any] | None = None
                   ) -> list[Any]:
    """The ids of at most ``limit`` matches of ``ids`` (a statement selecting the searched
    table's id: `matching_ids`, or a filtered search of articles, sections or quotes), newest
    (highest id) first, at a cost that follows ``limit``, not the number of matches.

    SQLite: FTS5 walks the match's doclists from the highest rowid down and stops at ``limit``.
    PostgreSQL cannot walk a GIN index in order: it rechecks every candidate, then sorts. So the
    walk goes through ranges of ids, newest first, each sized from the density of matches found
    so far, and PostgreSQL checks only the candidates in the range (a BitmapAnd of the GIN
    candidates and the primary key's range). The first range covers ``first_span`` ids; by
    default, when ``key`` names the search (its query and filters), enough ids for ``limit``
    matches at the density its last walk found (so that paging through a search, or a popular
    one, takes one step: a hint that never changes a result), else `WALK_SPAN_PER_MATCH` per
    match wanted. With ``rank``, each match comes as ``(id, rank)``: computed as the walk reads
    the row.
    """
    (column,) = ids.selected_columns
    if _dialect() != "postgresql":
        if rank is not None:
            return [tuple(row) for row in db.session.execute(
                ids.add_columns(rank).order_by(column.desc()).limit(limit))]
        return list(db.session.scalars(ids.order_by(column.desc()).limit(limit)))
    top = db.session.scalar(select(func.max(column)))  # the newest row of the searched table
    if top is None:
        return []
    found: list[int] = []
    density = _densities.get(key) if key is not None else None
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
        # The next range: what is still wanted at the density seen so far, and a quarter more;
        # four times the last one while nothing matched.
        span = (math.ceil((limit - len(found)) * walked / len(found) * 1.25) if found
                else span * 4)
    if key is not None and found:
        # Over the ids walked: down to the oldest match found when the LIMIT cut the last
        # range, else every id.
        oldest = found[-1][0] if rank is not None else found[-1]
        bottom = oldest if len(found) >= limit else upper
        _remember_density(key, len(found) / (top + 1 - bottom))
    return found


#: Matches per id found by recent walks (`newest_matches`), by search; at most DENSITIES kept.
_densities: dict[Hashable, float] = {}
_densities_lock = threading.Lock()
DENSITIES = 1024


def _remember_density(key: Hashable, density: float) -> None:
    with _densities_lock:
        _densities.pop(key, None)
        if len(_densities) >= DENSITIES:
            del _densities[next(iter(_densities))]  # the oldest
        _densities[key] = density


def matching_ids(q: str | SearchQuery) -> Select:
    """The ids of the articles matching ``q`` (unordered), from the full-text index alone where
    it can: FTS5's rowids on SQLite; ``articles`` by its GIN index on PostgreSQL."""
    query = _parsed(q)
    if _dialect() == "postgresql":
        vector = literal_column("articles.search_vector", TSVECTOR)
        return select(Article.id).where(vector.op("@@")(_tsquery(query)))
    fts = table("articles_fts", sql_column("rowid"))
    return (select(fts.c.rowid)
            .where(literal_column("articles_fts").op("MATCH")(query.to_fts5())))


def search_sections(statement: Select, q: str | SearchQuery) -> Search:
    """Restrict ``statement`` (over ``Section``) to the sections whose text matches ``q``."""
    return _search_text(statement, q, Section, "sections")


def search_quotes(statement: Select, q: str | SearchQuery) -> Search:
    """Restrict ``statement`` (over ``Quote``) to the quotes whose text matches ``q``."""
    return _search_text(statement, q, Quote, "quotes")


def _search_text(statement: Select, q: str | SearchQuery, model, table_name: str) -> Search:
    query = _parsed(q)
    if _dialect() == "postgresql":
        vector = literal_column(f"{table_name}.search_vector", TSVECTOR)
        tsquery = _tsquery(query)
        return Search(
            statement.where(vector.op("@@")(tsquery)),
            func.ts_rank(vector, tsquery),
            _pg_snippet(model.text, tsquery),
        )
    fts_name = f"{table_name}_fts"
    fts = table(fts_name, sql_column("rowid"))
    return Search(
        statement.join_from(model, fts, fts.c.rowid == model.id)
        .where(literal_column(fts_name).op("MATCH")(query.to_fts5())),
        -func.bm25(literal_column(fts_name)),
        _fts5_snippet(fts_name),
    )


def _parsed(q: str | SearchQuery) -> SearchQuery:
    return q if isinstance(q, SearchQuery) else parse_query(q)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _tsquery(query: SearchQuery) -> ColumnElement[Any]:
    return func.to_tsquery(literal_column(f"'{PG_CONFIG}'::regconfig"), query.to_tsquery())


def _fts5_snippet(fts_name: str) -> ColumnElement[str]:
    raw = func.snippet(literal_column(fts_name), -1, _START, _STOP, ELLIPSIS, SNIPPET_TOKENS)
    return _html_marked(raw).label("snippet")


def _pg_snippet(text: ColumnElement[Any], tsquery: ColumnElement[Any]) -> ColumnElement[str]:
    options = (
        f"StartSel={_START}, StopSel={_STOP}, MaxWords={SNIPPET_TOKENS + 4}, MinWords=8, "
        f'ShortWord=0, MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    )
    raw = func.ts_headline(literal_column(f"'{PG_CONFIG}'::regconfig"), text, tsquery, options)
    return _html_marked(raw).label("snippet")


def _html_marked(raw: ColumnElement[Any]) -> ColumnElement[str]:
    """HTML-escape the engine's snippet, then turn the hit markers into ``<mark>`` tags."""
    escaped = func.replace(func.replace(func.replace(raw, "&", "&amp;"), "<", "&lt;"), ">", "&gt;")
    return func.replace(func.replace(escaped, _START, "<mark>"), _STOP, "</mark>")


def with_snippets(rows: Sequence[tuple[Any, str]]) -> list[Any]:
    """Search rows, ``(item, snippet)``, as the items, each carrying its ``snippet``."""
    for item, snippet in rows:
        item.snippet = snippet
    return [item for item, _snippet in rows]
