"""Queries over articles (lists, search, totals, cursors), shared by the HTTP layer and the CLI."""

from __future__ import annotations

import functools
import operator
from datetime import date
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import aliased, defer, load_only, selectinload

from api.db import FixedQuery, db
from api.models import Article, ArticleAuthor, ArticleEntity, Entity, Quote, Section
from api.search import SearchQuery, WindowWalk, searcher
from api.services.counters import article_total as counted_articles
from api.services.counters import count_out, pair_count
from api.services.facets import article_facets, facet_sample
from api.services.filters import ArticleFilter
from api.services.listing import Keyset, Listing, cursor_int, field
from api.services.rows import article_summaries
from api.services.version import bump

#: The columns of an article that a list shows (not its text and structure).
SUMMARY = (load_only(Article.id, Article.sha256, Article.filename, Article.headline,
                     Article.published, Article.category, Article.format, Article.url,
                     Article.publisher_name, Article.publisher_domain, Article.published_at,
                     Article.language),
           selectinload(Article.author_rows))


def published_between(statement: Select, since: date | None, until: date | None,
                      column=None) -> Select:
    """``statement`` limited to articles published within ``since``..``until`` (either may be
    None); the statement must select or join `Article` (or give the date ``column``)."""
    column = Article.published if column is None else column
    if since:
        statement = statement.where(column >= since)
    if until:
        statement = statement.where(column <= until)
    return statement


def list_articles(request: ArticleFilter, *, facet_sample_size: int = 0) -> Listing:
    """``GET /v1/articles``: the articles matching the filters, in the order asked for, with
    their total from a counter or the search's walk where there is one, and (with ``q``) each
    listed article's snippet. Facets, when asked, over the newest ``facet_sample_size``
    matches."""
    if request.q is None and not request.used():
        # Every unfiltered list by date is one of two statements, built once.
        return Listing(_by_date(request.order), total=_counted_total(request),
                       keyset=_keyset(request), row_options=SUMMARY,
                       read_rows=article_summaries, facets=_facets(request, facet_sample_size),
                       fixed=True)
    statement = _filtered(request)
    total, exact, page_source, items = None, True, None, None
    if request.q is not None:
        # The snippets are made for the page's articles only.
        statement, rank, _snippet = searcher().articles(statement, request.q)
        walk, floor, recent = _search_pass(statement, request)
        total, exact = walk.total, walk.exact
        items = _with_snippets(request.q)
        if request.order == "relevance":
            statement = _by_relevance(statement, rank, floor)
            page_source = _ranked_page_source(statement, request.q, floor, recent)
    if request.order != "relevance":
        statement = _in_date_order(statement, request.order, *_order_columns(request))
    if total is None:
        total = _counted_total(request)
    return Listing(statement, total=total, total_exact=exact,
                   keyset=None if request.order == "relevance" else _keyset(request),
                   page_source=page_source, row_options=SUMMARY, read_rows=article_summaries,
                   items=items, facets=_facets(request, facet_sample_size))


def _in_date_order(statement: Select, order: str, published: Any, article_id: Any) -> Select:
    """``statement`` newest first (``order`` "newest") or oldest first, undated last."""
    return statement.order_by(*(
        (published.asc().nulls_last(), article_id.asc()) if order == "oldest"
        else (published.desc().nulls_last(), article_id.desc())))


@functools.cache
def _by_date(order: str) -> Select:
    """Every article, newest or oldest first: built once per order (`Listing.fixed`)."""
    return _in_date_order(select(Article).options(*SUMMARY), order, Article.published,
                          Article.id)


def _facets(request: ArticleFilter, facet_sample_size: int) -> Any:
    """The list's facets when asked for (over its statement), else None."""
    if not request.facets:
        return None

    def facets(listed: Select, total: int, exact: bool) -> dict[str, Any]:
        return {"facets": article_facets(listed, list(request.facets), facet_sample_size,
                                         everything=not request.used()),
                "facet_sample": facet_sample(total, exact, listed, facet_sample_size)}

    return facets


def _entities(request: ArticleFilter) -> list[int]:
    """The ``entity`` filters, rarest first (by their article counters), each once."""
    wanted = list(dict.fromkeys(request.entity))
    if len(wanted) < 2:
        return wanted
    counts = dict(db.session.execute(
        select(Entity.id, Entity.article_count).where(Entity.id.in_(wanted))).all())
    # An unknown entity (count -1) first: it matches nothing, the scan ends at once.
    return sorted(wanted, key=lambda entity_id: (counts.get(entity_id, -1),
                                                 wanted.index(entity_id)))


def _by_entities(statement: Select, entity_ids: list[int]) -> Select:
    """``statement`` driven by the rarest entity's links (its (entity, date, article) index
    gives the matches newest first), each other entity checked by an indexed EXISTS."""
    # The ids are rendered into the SQL (validated integers): PostgreSQL then plans each pair
    # for its own entities, never with a generic plan of a prepared statement, which walks the
    # wrong entity's links once psycopg prepares the query.
    rarest, *others = (literal(int(entity_id), literal_execute=True) for entity_id in entity_ids)
    statement = (statement.select_from(ArticleEntity)
                 .join(Article, Article.id == ArticleEntity.article_id)
                 .where(ArticleEntity.entity_id == rarest))
    for other in others:
        link = aliased(ArticleEntity)
        statement = statement.where(
            exists().where(link.article_id == ArticleEntity.article_id, link.entity_id == other))
    return statement


def _order_columns(request: ArticleFilter) -> tuple[Any, Any]:
    """The (date, id) columns the date orders sort on: the driving entity's links when the
    list is filtered by entity (the same values, from their index), else the articles'."""
    if request.entity:
        return ArticleEntity.published, ArticleEntity.article_id
    return Article.published, Article.id


def _filtered(request: ArticleFilter) -> Select:
    """The articles matching the filters other than ``q``, unordered."""
    statement = select(Article).options(*SUMMARY)
    if entity_ids := _entities(request):
        statement = _by_entities(statement, entity_ids)
    published, _article_id = _order_columns(request)
    if request.category:
        statement = statement.where(func.lower(Article.category) == request.category.lower())
    statement = published_between(statement, request.from_, request.to, published)
    # IN (ids from a covering index) rather than EXISTS: the engines then count from the
    # index and probe it by article, instead of testing every article of the table.
    if request.section:
        statement = statement.where(
            Article.id.in_(select(Section.article_id).where(Section.slug == request.section))
        )
    if request.speaker:
        statement = statement.where(
            Article.id.in_(select(Quote.article_id).where(Quote.speaker_id == request.speaker))
        )
    return news_item_filters(statement, request)


def news_item_filters(statement: Select, request: ArticleFilter) -> Select:
    """``statement`` limited by the news-item filters: ``publisher`` (name or domain),
    ``author`` (a name) and ``language`` (a BCP 47 tag or its primary subtag), each
    case-insensitive."""
    if request.publisher:
        wanted = request.publisher.strip().lower()
        statement = statement.where(or_(func.lower(Article.publisher_name) == wanted,
                                        func.lower(Article.publisher_domain) == wanted))
    if request.author:
        statement = statement.where(Article.id.in_(
            select(ArticleAuthor.article_id)
            .where(func.lower(ArticleAuthor.name) == request.author.strip().lower())))
    if request.language:
        wanted = request.language.strip().lower()
        language_column = func.lower(Article.language)
        statement = statement.where(or_(language_column == wanted, language_column.startswith(
            f"{wanted}-", autoescape=True)))
    return statement


def _by_relevance(statement: Select, rank: ColumnElement[Any], floor: int | None) -> Select:
    """A search by relevance: the search window's most recent matches (ids from ``floor`` up)
    by relevance, then the older ones by date, so that the rank is computed for a bounded
    number of articles; every match by relevance when the window holds them all."""
    if floor is None:
        return statement.order_by(rank.desc(), Article.id.desc())
    in_window = Article.id >= floor
    return statement.order_by(case((in_window, 0), else_=1),
                              case((in_window, rank), else_=None).desc(),
                              Article.published.desc().nulls_last(), Article.id.desc())


def _search_pass(statement: Select, request: ArticleFilter
                 ) -> tuple[WindowWalk, int | None, list[int] | None]:
    """One walk over a search's newest matches (`walk_window`: the total, exact or a lower
    bound, comes with it), the id of the `search_window`-th most recent match (None when fewer
    match) and, where the engine ranks while it walks (PostgreSQL), the window's ids in
    relevance order (ranked by the walk itself, while it has each row in hand; a page is then
    read by id). A search with no other filter walks the full-text index alone (FTS5 without
    the articles table)."""
    search = searcher()
    only_q = request.used() == {"q"}
    ids = (search.matching_ids(request.q) if only_q
           else statement.with_only_columns(Article.id).order_by(None))
    key = request.search_key("articles")
    if not search.engine.ranks_while_walking:
        walk = search.walker.walk(ids, key, exact_total=request.exact_total)
        return walk, walk.rows[-1] if walk.more else None, None
    walk = search.walker.walk(ids, key, exact_total=request.exact_total,
                              rank=search.articles(select(Article), request.q).rank)
    return walk, walk.rows[-1][0] if walk.more else None, walk.by_relevance()


def _ranked_page_source(statement: Select, q: SearchQuery, floor: int | None,
                        recent: list[int] | None):
    """Where a page of a search by relevance is read from: a page that lies within the ranked
    matches is read from those alone (PostgreSQL: their ids in the relevance order the
    search's pass found, so that no match is checked or ranked again; SQLite: the FTS5 walk
    restricted to the window's rowids, ordered by rank). A page that reaches the older
    matches: ``statement`` itself."""

    search = searcher()

    def page_source(page: int, page_size: int) -> Select:
        if floor is not None and page * page_size >= search.window:
            return statement  # the page reaches the older matches, listed by date
        if recent is not None:
            # One array parameter, not a list of hundreds (planned once, bound once), unnested
            # in its order: the page's slice of it is cut first, then only those rows are read.
            ranked_ids = func.unnest(literal(recent, ARRAY(Integer))).table_valued(
                "id", with_ordinality="place").render_derived()
            return (select(Article).options(*SUMMARY)
                    .join(ranked_ids, ranked_ids.c.id == Article.id)
                    .order_by(ranked_ids.c.place))
        rank = search.articles(select(Article), q).rank
        unordered = statement.order_by(None)
        if floor is not None:
            unordered = search.engine.hits_from(unordered, floor)
        return unordered.order_by(rank.desc(), Article.id.desc())

    return page_source


#: Compiled once, not at every request.
_ARTICLE_COUNT = FixedQuery(select(Entity.__table__.c.article_count).where(
    Entity.__table__.c.id == bindparam("id")))


def _counted_total(request: ArticleFilter) -> int | None:
    """The total of ``GET /v1/articles`` without counting the matches where a counter has it:
    the article count (no filter), the entity's article count (one entity, nothing else), the
    pair's (two entities, nothing else). Three or more entities only: the exact size of the
    intersection, counted from the rarest entity's links. None: let the list count its
    statement."""
    used = request.used()
    if not used:
        return counted_articles(db.session.connection())
    if used == {"entity"}:
        entity_ids = _entities(request)
        if len(entity_ids) == 1:
            return _ARTICLE_COUNT.scalar(db.session.connection(), id=entity_ids[0]) or 0
        if len(entity_ids) == 2:
            return pair_count(db.session.connection(), *entity_ids)
        return db.session.scalar(
            _by_entities(select(func.count()), entity_ids).with_only_columns(func.count()))
    return None


def _with_snippets(q: SearchQuery):
    """A page transform: the page's articles, each with its ``snippet`` for ``q``."""

    def transform(articles: list[Any]) -> list[Any]:
        if not articles:
            return articles
        ids = [field(a, "id") for a in articles]
        search = searcher()
        statement, _rank, snippet = search.articles(
            select(Article.id).where(Article.id.in_(ids)), q)
        statement = search.engine.hits_among(statement, ids)
        snippets = dict(db.session.execute(statement.add_columns(snippet)).all())
        for article in articles:
            if type(article) is dict:
                article["snippet"] = snippets.get(article["id"])
            else:
                article.snippet = snippets.get(article.id)
        return articles

    return transform


def _keyset(request: ArticleFilter) -> Keyset:
    """Cursor paging for the date orders (dated articles first, then undated)."""
    follows = operator.gt if request.order == "oldest" else operator.lt
    published_column, id_column = _order_columns(request)

    def after(values: list[Any]) -> ColumnElement[bool]:
        published, article_id = values
        article_id = cursor_int(article_id)
        if published is None:
            return and_(published_column.is_(None), follows(id_column, article_id))
        day = date.fromisoformat(published)
        # A row-value comparison, which both engines turn into one range of the date index;
        # the undated articles come after every dated one.
        return or_(follows(tuple_(published_column, id_column), tuple_(day, article_id)),
                   published_column.is_(None))

    def values(article: Any) -> list[Any]:
        published = field(article, "published")
        return [published.isoformat() if published else None, field(article, "id")]

    return Keyset(after=after, values=values)


#: How each part of an article is loaded with it: a query per list, the one-to-one rows they
#: point to (a quote's speaker, a link's entity) joined in.
ARTICLE_PARTS = {
    "authors": (selectinload(Article.author_rows),),
    "sections": (selectinload(Article.sections),),
    "quotes": (selectinload(Article.quotes).joinedload(Quote.speaker),),
    "entities": (selectinload(Article.entity_links).joinedload(ArticleEntity.entity),
                 selectinload(Article.entity_links).selectinload(ArticleEntity.mentions)),
}


def get_article(article_id: int, *, full: bool = True,
                parts: tuple[str, ...] | None = None) -> Article | None:
    """One article; with ``full``, its authors, sections, quotes and entities loaded in a few
    queries; with ``parts``, only those of them. Its text (``source``), which only ``/text``,
    ``/source`` and ninjs read, is then loaded only when read."""
    if parts is None:
        parts = tuple(ARTICLE_PARTS) if full else ()
    options = [option for part in parts for option in ARTICLE_PARTS[part]]
    if parts:
        options.append(defer(Article.source))
    return db.session.get(Article, article_id, options=options)


def article_revisions(article: Article) -> list[dict[str, Any]]:
    """The article's versions, oldest first: those it superseded, then the current one."""
    earlier = [{"number": r.number, "current": False, "sha256": r.sha256,
                "media_type": r.media_type, "headline": r.headline,
                "published_at": r.published_at, "modified_at": r.modified_at,
                "ingested_at": r.ingested_at} for r in article.revisions]
    return earlier + [{"number": len(earlier) + 1, "current": True, "sha256": article.sha256,
                       "media_type": article.media_type, "headline": article.headline,
                       "published_at": article.published_at,
                       "modified_at": article.modified_at,
                       "ingested_at": article.ingested_at}]


def delete_article(article: Article) -> None:
    """Remove the article, everything extracted from it, and entities it alone mentioned; the
    other entities it named have their counters recomputed (deleting is rare: exact beats fast).
    """
    named = set(db.session.scalars(
        select(ArticleEntity.entity_id).where(ArticleEntity.article_id == article.id)))
    from api.services.resolution import settle, surnames_named_in

    surnames = surnames_named_in(article.id)
    day = article.published
    db.session.delete(article)
    db.session.flush()
    connection = db.session.connection()
    count_out(connection, named, day)
    # The article's full-named people may no longer lead their surnames: move the bare ones.
    settle(surnames)
    db.session.execute(
        delete(Entity).where(~exists().where(ArticleEntity.entity_id == Entity.id))
    )
    bump(connection)
    db.session.commit()

