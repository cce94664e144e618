"""Full-text search on the real database (SQLite FTS5, or PostgreSQL tsvector/GIN when
``NEWSDESK_TEST_DATABASE_URL`` is set), through ``api.search``."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import delete, select, text, update

from api.db import db
from api.models import Article, Quote, Section
from api.search import QuerySyntaxError, parse_query, searcher
from tests.test_search_syntax import NOTHING, VALID


def search_articles(statement, q: str):
    return searcher().articles(statement, parse_query(q))


def search_sections(statement, q: str):
    return searcher().sections(statement, parse_query(q))


def search_quotes(statement, q: str):
    return searcher().quotes(statement, parse_query(q))


def _article(headline: str, lead: str, *sections: str, category: str = "World") -> Article:
    source = "\n\n".join([headline, lead, *sections])
    article = Article(
        sha256=hashlib.sha256(source.encode()).hexdigest(), source=source, headline=headline,
        lead_text=lead, category=category, warnings=[], extractor_version="test",
    )
    for position, section_text in enumerate(sections):
        article.sections.append(Section(
            position=position, label=None, slug=None, start=0, end=len(section_text),
            text=section_text, blocks=[],
        ))
    return article


@pytest.fixture
def corpus(app) -> dict[str, Article]:
    """A few articles, with sections and quotes, committed in one transaction as ingest does:
    each article's index entry built once its sections are in."""
    articles = {
        "nato": _article(
            "NATO weighs new sanctions on Russia",
            "Allies met in Brussels on Tuesday.",
            "Why it matters: The U.S. and its European allies want a united front.",
            "What they're saying: The White House said talks would go on.",
        ),
        "markets": _article(
            "Markets rally as oil prices fall",
            "Stocks rose for a third day.",
            "Driving the news: Traders shrugged off talk of sanctions against Moscow.",
            "The bottom line: Oil <b>fell</b> & gas too.",
            category="Business",
        ),
        "health": _article(
            "WHO warns of a new wave",
            "The World Health Organization urged caution.",
            "The big picture: Hospitals in the US are filling up again.",
            category="Health",
        ),
    }
    articles["nato"].quotes.append(Quote(
        position=0, text="We will not be divided by sanctioned threats", kind="direct",
        start=0, end=10,
    ))
    articles["markets"].quotes.append(Quote(
        position=0, text="The market is calm about Russia", kind="direct", start=0, end=10,
    ))
    _store(*articles.values())
    return articles


def _store(*articles: Article) -> None:
    """Commit ``articles`` as the writers do: each one's index entry built once its sections
    are in (no trigger does it per section: migration 0011)."""
    db.session.add_all(articles)
    db.session.flush()
    _reindex(*(article.id for article in articles))


def _reindex(*article_ids: int) -> None:
    for article_id in article_ids:
        searcher().index_article(db.session.connection(), article_id)
    db.session.commit()


def _article_hits(q: str, statement=None) -> list[tuple[str, str]]:
    """(headline, snippet) of the articles matching ``q``, most relevant first."""
    statement, rank, snippet = search_articles(
        statement if statement is not None else select(Article), q
    )
    rows = db.session.execute(
        statement.add_columns(snippet).order_by(rank.desc(), Article.id.desc())
    ).all()
    return [(article.headline, snippet) for article, snippet in rows]


def _headlines(q: str, statement=None) -> list[str]:
    return [headline for headline, _ in _article_hits(q, statement)]


def test_all_words_must_match(corpus):
    assert _headlines("sanctions russia") == ["NATO weighs new sanctions on Russia"]
    assert set(_headlines("sanctions")) == {"NATO weighs new sanctions on Russia",
                                            "Markets rally as oil prices fall"}
    assert _headlines("sanctions hospitals") == []


def test_case_and_stemming(corpus):
    # "sanctioned" and "SANCTION" find "sanctions"; "rallied" finds "rally".
    assert set(_headlines("SANCTIONED")) == {"NATO weighs new sanctions on Russia",
                                            "Markets rally as oil prices fall"}
    assert _headlines("rallying") == ["Markets rally as oil prices fall"]
    assert _headlines("hospital") == ["WHO warns of a new wave"]


def test_phrase(corpus):
    assert _headlines('"white house"') == ["NATO weighs new sanctions on Russia"]
    assert _headlines('"house white"') == []
    # The body is the sections' text; a phrase does not run across a section break.
    assert _headlines('"why it matters"') == ["NATO weighs new sanctions on Russia"]


def test_or(corpus):
    assert set(_headlines("brussels OR hospitals")) == {"NATO weighs new sanctions on Russia",
                                                      "WHO warns of a new wave"}
    assert _headlines("sanctions moscow OR kremlin") == ["Markets rally as oil prices fall"]


def test_exclusion(corpus):
    assert _headlines("sanctions -moscow") == ["NATO weighs new sanctions on Russia"]
    assert _headlines('sanctions -"white house"') == ["Markets rally as oil prices fall"]
    assert _headlines("new -sanctions") == ["WHO warns of a new wave"]


def test_no_stop_words_and_punctuation_as_words(corpus):
    # "US" and "WHO" are stop words in PostgreSQL's english: here they are words.
    assert _headlines("US hospitals") == ["WHO warns of a new wave"]
    assert _headlines("WHO wave") == ["WHO warns of a new wave"]
    assert _headlines("U.S. allies") == ["NATO weighs new sanctions on Russia"]


def test_headline_outranks_lead_outranks_body(corpus):
    # "sanctions" is in one headline and in another article's body.
    assert _headlines("sanctions") == ["NATO weighs new sanctions on Russia",
                                       "Markets rally as oil prices fall"]
    # "oil": a headline hit and a body hit in one article, nothing elsewhere.
    _store(_article("Gas prices", "Drivers pay more for oil.", "Nothing else here."),
           _article("Refineries", "Nothing to see.", "Body text: oil."))
    assert _headlines("oil") == ["Markets rally as oil prices fall", "Gas prices", "Refineries"]


def test_snippet_marks_hits_and_escapes_html(corpus):
    [(_, snippet)] = _article_hits("russia sanctions")
    assert "<mark>sanctions</mark>" in snippet
    assert "<mark>Russia</mark>" in snippet
    [(_, snippet)] = _article_hits("fell gas")
    # Escaped on SQLite; PostgreSQL's ts_headline drops tags from the text altogether.
    assert "<b>" not in snippet
    assert "<mark>fell</mark>" in snippet
    assert "&amp; <mark>gas</mark>" in snippet


@pytest.mark.parametrize(("q", "headline", "snippet"), [
    # The headline has both words: its snippet, whole (FTS5: the column with the most hits).
    ("sanctions russia", "NATO weighs new sanctions on Russia",
     "NATO weighs new <mark>sanctions</mark> on <mark>Russia</mark>"),
    # Only the lead matches: the lead alone, not the headline and the body around it.
    ("brussels", "NATO weighs new sanctions on Russia",
     "Allies met in <mark>Brussels</mark> on Tuesday."),
    ("hospitals", "WHO warns of a new wave",
     "The big picture: <mark>Hospitals</mark> in the US are filling up again."),
    # The body is the sections' text: their line break is a space in the snippet.
    ("harbour", "Two paragraphs", "Ferries wait outside. The <mark>harbour</mark> is shut."),
])
def test_the_snippet_is_the_same_on_both_engines(corpus, q, headline, snippet):
    _store(_article("Two paragraphs", "A short lead.", "Ferries wait outside.",
                    "The harbour is shut."))
    assert _article_hits(q) == [(headline, snippet)]


def test_filters_combine_with_the_match(corpus):
    business = select(Article).where(Article.category == "Business")
    assert _headlines("sanctions", business) == ["Markets rally as oil prices fall"]
    assert _headlines("russia", business) == []
    # A filter added after the search works as well.
    statement, rank, _ = search_articles(select(Article), "sanctions")
    statement = statement.where(Article.category == "World").order_by(rank.desc())
    assert [a.headline for a in db.session.scalars(statement)] == [
        "NATO weighs new sanctions on Russia"
    ]


def test_the_index_follows_changes(corpus):
    nato, markets = corpus["nato"], corpus["markets"]
    # A section added later, in another transaction: the article's entry is built again by
    # its writer, once (the section itself is indexed by its own trigger).
    db.session.add(Section(article_id=markets.id, position=9, start=0, end=5, text="Zebras.",
                           blocks=[]))
    db.session.commit()
    assert [s.text for s in _section_texts("zebra")] == ["Zebras."]
    _reindex(markets.id)
    assert _headlines("zebra") == ["Markets rally as oil prices fall"]
    # A section's text changed, then deleted.
    db.session.execute(update(Section).where(Section.text == "Zebras.").values(text="Lions."))
    _reindex(markets.id)
    assert _headlines("zebras") == []
    assert _headlines("lions") == ["Markets rally as oil prices fall"]
    # Moved to the other article: both articles' entries follow.
    db.session.execute(update(Section).where(Section.text == "Lions.")
                       .values(article_id=nato.id))
    _reindex(markets.id, nato.id)
    assert _headlines("lions") == ["NATO weighs new sanctions on Russia"]
    db.session.execute(delete(Section).where(Section.text == "Lions."))
    _reindex(nato.id)
    assert _headlines("lions") == []
    # The headline changed.
    nato.headline = "Allies hold firm"
    db.session.commit()
    assert _headlines("firm") == ["Allies hold firm"]
    assert _headlines("weighs") == []
    assert _headlines("brussels") == ["Allies hold firm"]
    # The article deleted, with its sections and quotes (the ORM's way, then the database's).
    db.session.delete(nato)
    db.session.commit()
    db.session.execute(delete(Article).where(Article.id == markets.id))
    db.session.commit()
    assert _headlines("brussels OR sanctions OR rally") == []
    assert _section_texts("sanctions OR allies") == []
    assert _quote_texts("russia OR sanctions") == []
    if db.engine.dialect.name == "sqlite":
        for fts in ("articles_fts", "sections_fts", "quotes_fts"):
            db.session.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"))


def _section_texts(q: str) -> list[str]:
    statement, rank, _ = search_sections(select(Section).join(Section.article), q)
    return list(db.session.scalars(statement.order_by(rank.desc(), Section.id)))


def _quote_texts(q: str) -> list[str]:
    statement, rank, _ = search_quotes(select(Quote), q)
    return [quote.text for quote in db.session.scalars(statement.order_by(rank.desc(), Quote.id))]


def test_sections(corpus):
    statement, rank, snippet = search_sections(
        select(Section).join(Section.article).where(Article.category == "World"), "allies"
    )
    rows = db.session.execute(statement.add_columns(snippet).order_by(rank.desc())).all()
    assert [section.text for section, _ in rows] == [
        "Why it matters: The U.S. and its European allies want a united front."
    ]
    assert "The U.S. and its European <mark>allies</mark> want a united front" in rows[0][1]
    assert [s.text for s in _section_texts('"oil" OR "front" -united')] == [
        "The bottom line: Oil <b>fell</b> & gas too."
    ]


def test_quotes(corpus):
    statement, rank, snippet = search_quotes(select(Quote), "sanction")
    rows = db.session.execute(statement.add_columns(snippet).order_by(rank.desc())).all()
    assert [quote.text for quote, _ in rows] == ["We will not be divided by sanctioned threats"]
    assert "We will not be divided by <mark>sanctioned</mark> threats" in rows[0][1]
    assert set(_quote_texts("russia OR divided")) == {
        "We will not be divided by sanctioned threats", "The market is calm about Russia"
    }
    assert _quote_texts("calm -russia") == []


@pytest.mark.parametrize("q", [q for q, _, _ in VALID])
def test_every_valid_query_runs_on_the_engine(corpus, q):
    _article_hits(q)
    _section_texts(q)
    _quote_texts(q)


@pytest.mark.parametrize("q", NOTHING)
def test_nothing_to_search_for_finds_nothing_on_the_engine(corpus, q):
    assert _article_hits(q) == []
    assert _section_texts(q) == []
    assert _quote_texts(q) == []


@pytest.mark.parametrize("search", [search_articles, search_sections, search_quotes])
def test_a_query_past_the_limits_raises_before_the_database(app, search):
    with pytest.raises(QuerySyntaxError, match="too many terms"):
        search(select(Article), " ".join(f"w{i}" for i in range(40)))


@pytest.mark.parametrize("category", [None, "World"])
def test_the_match_uses_the_full_text_index(corpus, category):
    statement = select(Article.id)
    if category:
        statement = statement.where(Article.category == category)
    statement, _, _ = search_articles(statement, "sanctions")
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(str(row[-1]) for row in db.session.execute(
            text(f"EXPLAIN QUERY PLAN {compiled}")))
        # The FTS5 index answers the MATCH (":M" or "=M"), and articles are never scanned.
        assert re.search(r"articles_fts VIRTUAL TABLE INDEX \d+:=?M", plan), plan
        assert not re.search(r"SCAN articles(?!_fts)", plan), plan
    else:
        # Not SET LOCAL: a GET's connection is in autocommit (api.db), where a SET LOCAL is
        # lost at once; the setting is reset before the connection goes back to the pool.
        db.session.execute(text("SET enable_seqscan = off"))
        try:
            plan = " ".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))
        finally:
            db.session.execute(text("RESET enable_seqscan"))
        # Seq scans only penalised: one still shows if no index can serve the query.
        assert "Seq Scan" not in plan, plan
        if category is None:
            assert "Bitmap Index Scan on ix_articles_search_vector" in plan, plan
