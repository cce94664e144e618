"""Queries over articles (lists, search, totals, cursors), shared by the HTTP layer and the CLI."""

from __future__ import annotations

import operator
from datetime import date
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import aliased, load_only, selectinload

from api.db import db
from api.models import Article, ArticleAuthor, ArticleEntity, Entity, Quote, Section
from api.rest import Keyset, cursor_int
from api.services.entities import recount
from api.services.periods import (
    add_articles,
    pair_count,
    rebuild_periods,
    remove_pairs,
)
from api.services.periods import article_total as counted_articles
from api.services.search import (
    WindowWalk,
    fts_rowid,
    matching_ids,
    search_articles,
    search_window,
    walk_window,
)
from api.services.version import bump


def published_between(statement: Select, args: dict[str, Any], column=None) -> Select:
    """``statement`` limited to articles published within ``from``..``to`` (either may be
    missing); the statement must select or join `Article` (or give the date ``column``)."""
    column = Article.published if column is None else column
    if since := args.get("from_"):
        statement = statement.where(column >= since)
    if until := args.get("to"):
        statement = statement.where(column <= until)
    return statement


_FILTERS = ("q", "category", "from_", "to", "section", "entity", "speaker", "publisher",
            "author", "language")


def unfiltered(args: dict[str, Any]) -> bool:
    """Whether ``GET /v1/articles`` lists every article (no filter at all)."""
    return not any(args.get(name) for name in _FILTERS)


def _entities(args: dict[str, Any]) -> list[int]:
    """The ``entity`` filters, rarest first (by their article counters), each once."""
    wanted = list(dict.fromkeys(args.get("entity") or []))
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


def _order_columns(args: dict[str, Any]) -> tuple[Any, Any]:
    """The (date, id) columns the date orders sort on: the driving entity's links when the
    list is filtered by entity (the same values, from their index), else the articles'."""
    if args.get("entity"):
        return ArticleEntity.published, ArticleEntity.article_id
    return Article.published, Article.id


def article_query(args: dict[str, Any]) -> Select:
    """Articles matching the filters of ``GET /v1/articles``, in the order asked for."""
    statement = select(Article).options(
        load_only(Article.id, Article.sha256, Article.filename, Article.headline,
                  Article.published, Article.category, Article.format, Article.url,
                  Article.publisher_name, Article.publisher_domain, Article.published_at,
                  Article.language),
        selectinload(Article.author_rows),
    )
    if entity_ids := _entities(args):
        statement = _by_entities(statement, entity_ids)
    published, article_id = _order_columns(args)
    if category := args.get("category"):
        statement = statement.where(func.lower(Article.category) == category.lower())
    statement = published_between(statement, args, published)
    # IN (ids from a covering index) rather than EXISTS: the engines then count from the
    # index and probe it by article, instead of testing every article of the table.
    if slug := args.get("section"):
        statement = statement.where(
            Article.id.in_(select(Section.article_id).where(Section.slug == slug))
        )
    if speaker := args.get("speaker"):
        statement = statement.where(
            Article.id.in_(select(Quote.article_id).where(Quote.speaker_id == speaker))
        )
    statement = news_item_filters(statement, args)
    order = article_order(args)
    if q := args.get("q"):
        # The snippets are made for the page's articles only, by `with_article_snippets`.
        statement, rank, _snippet = search_articles(statement, q)
        walk, floor, recent = _search_pass(statement, q, args)
        statement = statement.execution_options(newsdesk_total=walk.total,
                                                newsdesk_total_exact=walk.exact)
        if order == "relevance":
            statement = statement.execution_options(newsdesk_ranked=(q, floor, recent))
            if floor is None:
                return statement.order_by(rank.desc(), Article.id.desc())
            # The search window's most recent matches by relevance, then the older ones by
            # date: the rank is computed for a bounded number of articles.
            in_window = Article.id >= floor
            return statement.order_by(case((in_window, 0), else_=1),
                                      case((in_window, rank), else_=None).desc(),
                                      Article.published.desc().nulls_last(), Article.id.desc())
    if order == "oldest":
        return statement.order_by(published.asc().nulls_last(), article_id.asc())
    return statement.order_by(published.desc().nulls_last(), article_id.desc())


def news_item_filters(statement: Select, args: dict[str, Any]) -> Select:
    """``statement`` limited by the news-item filters: ``publisher`` (name or domain),
    ``author`` (a name) and ``language`` (a BCP 47 tag or its primary subtag), each
    case-insensitive."""
    if publisher := args.get("publisher"):
        wanted = publisher.strip().lower()
        statement = statement.where(or_(func.lower(Article.publisher_name) == wanted,
                                        func.lower(Article.publisher_domain) == wanted))
    if author := args.get("author"):
        statement = statement.where(Article.id.in_(
            select(ArticleAuthor.article_id)
            .where(func.lower(ArticleAuthor.name) == author.strip().lower())))
    if language := args.get("language"):
        wanted = language.strip().lower()
        language_column = func.lower(Article.language)
        statement = statement.where(or_(language_column == wanted, language_column.startswith(
            f"{wanted}-", autoescape=True)))
    return statement


def _search_pass(statement: Select, q: str, args: dict[str, Any]
                 ) -> tuple[WindowWalk, int | None, list[int] | None]:
    """One walk over a search's newest matches (`walk_window`: the total, exact or a lower
    bound, comes with it), the id of the `search_window`-th most recent match (None when fewer
    match) and, on PostgreSQL, the window's ids in relevance order (ranked by the walk itself,
    while it has each row in hand; a page is then read by id). A search with no other filter
    walks the full-text index alone (FTS5 without the articles table)."""
    only_q = {name for name in _FILTERS if args.get(name)} == {"q"}
    ids = matching_ids(q) if only_q else statement.with_only_columns(Article.id).order_by(None)
    if _dialect() != "postgresql":
        walk = walk_window(ids, "articles", args)
        return walk, walk.rows[-1] if walk.more else None, None
    walk = walk_window(ids, "articles", args, rank=search_articles(select(Article), q).rank)
    return walk, walk.rows[-1][0] if walk.more else None, walk.by_relevance()


def article_page_statement(statement: Select, page: int, page_size: int) -> Select:
    """The statement a page of `article_query`'s list is read from: by relevance, a page that
    lies within the ranked matches is read from those alone (PostgreSQL: their ids in the
    relevance order the search's pass found, so that no match is checked or ranked again;
    SQLite: the FTS5 walk restricted to the window's rowids, ordered by rank). Anything else:
    ``statement`` itself."""
    ranked = statement.get_execution_options().get("newsdesk_ranked")
    if ranked is None:
        return statement
    q, floor, recent = ranked
    if floor is not None and page * page_size >= search_window():
        return statement  # the page reaches the older matches, listed by date
    if recent is not None:
        # One array parameter, not a list of hundreds (planned once, bound once), unnested in
        # its order: the page's slice of it is cut first, then only those rows are read.
        ranked_ids = func.unnest(literal(recent, ARRAY(Integer))).table_valued(
            "id", with_ordinality="place").render_derived()
        return (select(Article).options(*statement._with_options)
                .join(ranked_ids, ranked_ids.c.id == Article.id)
                .order_by(ranked_ids.c.place))
    rank = search_articles(select(Article), q).rank
    unordered = statement.order_by(None)
    if floor is not None:
        # On the FTS5 table's rowid, which FTS5 itself restricts (on articles.id it would rank
        # every match, then filter).
        unordered = unordered.where(fts_rowid() >= floor)
    return unordered.order_by(rank.desc(), Article.id.desc())


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def article_total(args: dict[str, Any], statement: Select | None = None) -> int | None:
    """The total of ``GET /v1/articles`` without counting the matches where a counter has it:
    the article count (no filter), the entity's article count (one entity, nothing else), the
    pair's (two entities, nothing else). Three or more entities only: the exact size of the
    intersection, counted from the rarest entity's links.
    A search: what its pass over the newest matches counted (``statement``'s; see
    `article_total_exact`). None: let the list count its statement."""
    if statement is not None and (
            (known := statement.get_execution_options().get("newsdesk_total")) is not None):
        return known
    used = {name for name in _FILTERS if args.get(name)}
    if not used:
        return counted_articles(db.session.connection())
    if used == {"entity"}:
        entity_ids = _entities(args)
        if len(entity_ids) == 1:
            return db.session.scalar(
                select(Entity.article_count).where(Entity.id == entity_ids[0])) or 0
        if len(entity_ids) == 2:
            return pair_count(db.session.connection(), *entity_ids)
        return db.session.scalar(
            _by_entities(select(func.count()), entity_ids).with_only_columns(func.count()))
    return None


def article_total_exact(statement: Select) -> bool:
    """Whether `article_total` of ``statement`` is the exact total: always, except for a search
    with more matches than it counts (see `_search_pass`)."""
    return statement.get_execution_options().get("newsdesk_total_exact", True)


def with_article_snippets(q: str):
    """A page transform: the page's articles, each with its ``snippet`` for ``q``."""

    def transform(articles: list[Article]) -> list[Article]:
        if not articles:
            return articles
        ids = [a.id for a in articles]
        statement, _rank, snippet = search_articles(select(Article.id).where(Article.id.in_(ids)),
                                                    q)
        if _dialect() == "sqlite":
            # On the FTS5 rowid too, so that FTS5 reads these rows of the match, not all of it.
            statement = statement.where(fts_rowid().in_(ids))
        snippets = dict(db.session.execute(statement.add_columns(snippet)).all())
        for article in articles:
            article.snippet = snippets.get(article.id)
        return articles

    return transform


def article_order(args: dict[str, Any]) -> str:
    """The order asked for: relevance by default when searching, else newest first."""
    return args.get("order_by") or ("relevance" if args.get("q") else "newest")


def article_keyset(order_by: str, args: dict[str, Any] | None = None) -> Keyset:
    """Cursor paging for `article_query`'s date orders (dated articles first, then undated)."""
    follows = operator.gt if order_by == "oldest" else operator.lt
    published_column, id_column = _order_columns(args or {})

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

    def values(article: Article) -> list[Any]:
        return [article.published.isoformat() if article.published else None, article.id]

    return Keyset(after=after, values=values)


def get_article(article_id: int, *, full: bool = True) -> Article | None:
    """One article; with ``full``, its sections, quotes and entities loaded in a few queries."""
    options = []
    if full:
        options = [
            selectinload(Article.author_rows),
            selectinload(Article.sections),
            selectinload(Article.quotes).selectinload(Quote.speaker),
            selectinload(Article.entity_links).selectinload(ArticleEntity.entity),
            selectinload(Article.entity_links).selectinload(ArticleEntity.mentions),
        ]
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
    recount(named)
    connection = db.session.connection()
    remove_pairs(connection, named)
    if day is not None:
        rebuild_periods(connection, named, day)
    # The article's full-named people may no longer lead their surnames: move the bare ones.
    settle(surnames)
    db.session.execute(
        delete(Entity).where(~exists().where(ArticleEntity.entity_id == Entity.id))
    )
    add_articles(connection, -1)
    bump(connection)
    db.session.commit()

