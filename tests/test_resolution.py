"""Cross-archive resolution (`api.services.resolution`): one record per real person across the
archive, the same records whatever order the articles come in.

The articles here are extracted records made by hand (what an extractor gives for a short
story), so that each test fixes exactly which names an article uses and who speaks."""

from __future__ import annotations

import hashlib
import itertools
import random
import re

import pytest
from sqlalchemy import func, select

from api.db import db
from api.extract import records
from api.extract.places import locate
from api.models import ArticleEntity, Entity, EntityDay, EntityPair, Quote
from api.services.articles import delete_article
from api.services.entities import recount_all
from api.services.ingest import store
from api.services.resolution import identify

_counter = itertools.count()


def story(*sentences: str, people: dict[str, list[str]] | None = None,
          places: tuple[str, ...] = (), said: dict[str, str] | None = None,
          day: str = "2022-01-10") -> records.ExtractedArticle:
    """An extracted article of ``sentences``: ``people`` maps each person record's name to the
    other names the article uses for them; ``said`` maps a quote's words to its speaker."""
    import datetime as dt

    source = "Story\n\n" + " ".join(sentences) + "\n"
    entities = []
    for name, aliases in (people or {}).items():
        mentions = [records.Mention(source.index(n), source.index(n) + len(n), n)
                    for n in [name, *aliases] if n in source]
        entities.append(records.Entity(name=name, type="PERSON", aliases=aliases,
                                       mentions=mentions, salience=0.5))
    for place in places:
        start = source.index(place)
        entities.append(records.Entity(name=place, type="GPE", mentions=[
            records.Mention(start, start + len(place), place)], salience=0.2))
    locate(entities)  # as extraction does: the places' GeoNames ids
    quotes = []
    for words, speaker in (said or {}).items():
        start = source.index(words)
        quotes.append(records.Quote(text=words, start=start, end=start + len(words),
                                    kind="direct", speaker=speaker, speaker_text=speaker,
                                    cue="said"))
    parsed = records.ParsedArticle(source=source, headline="Story",
                                   published=dt.date.fromisoformat(day), category=None,
                                   image=records.Image(), lead=None, sections=[])
    digest = hashlib.sha256(f"{next(_counter)}{source}".encode()).hexdigest()
    return records.ExtractedArticle(sha256=digest, filename=None, parsed=parsed,
                                    quotes=quotes, entities=entities)


def people() -> dict[str, Entity]:
    return {e.name: e for e in db.session.scalars(select(Entity).where(Entity.type == "PERSON"))}


def quotes_of(entity: Entity) -> list[str]:
    return sorted(db.session.scalars(select(Quote.text).where(Quote.speaker_id == entity.id)))


# --------------------------------------------------------------------------------------------
# Identity (pure)


@pytest.mark.parametrize(("name", "key", "shown", "surname", "bare"), [
    ("Donald Trump", "PERSON:donald trump", "Donald Trump", "trump", None),
    ("Donald J. Trump", "PERSON:donald trump", "Donald J. Trump", "trump", None),
    ("Hillary Rodham Clinton", "PERSON:hillary clinton", "Hillary Rodham Clinton", "clinton",
     None),
    ("Sarah Huckabee Sanders", "PERSON:sarah sanders", "Sarah Huckabee Sanders", "sanders",
     None),
    ("Mary Kate Olsen", "PERSON:mary kate olsen", "Mary Kate Olsen", "olsen", None),
    ("Martin Luther King Jr.", "PERSON:martin luther king", "Martin Luther King Jr.", "king",
     None),
    ("George H. W. Bush", "PERSON:george bush", "George H. W. Bush", "bush", None),
    ("Bill Barr", "PERSON:william barr", "Bill Barr", "barr", None),
    ("Charlie Dent", "PERSON:charles dent", "Charlie Dent", "dent", None),
    ("Ted Cruz", "PERSON:ted cruz", "Ted Cruz", "cruz", None),  # Edward or Theodore
    ("President Trump", "PERSON:trump", "Trump", None, "trump"),
    ("Trump Donald", "PERSON:donald trump", "Donald Trump", "trump", None),
    ("Trump", "PERSON:trump", "Trump", None, "trump"),
    ("Chris Van Hollen", "PERSON:chris van hollen", "Chris Van Hollen", "van hollen", None),
    ("Michelle Obama", "PERSON:michelle obama", "Michelle Obama", "obama", None),
    ("Sen. Ted Cruz", "PERSON:ted cruz", "Ted Cruz", "cruz", None),
    ("Kim Jong-un", "PERSON:kim jong-un", "Kim Jong-un", "kim", None),
    ("Moon Jae-in", "PERSON:moon jae-in", "Moon Jae-in", "moon", None),
    ("Ann Smith-Jones", "PERSON:ann smith-jones", "Ann Smith-Jones", "smith-jones", None),
])
def test_a_persons_identity(name, key, shown, surname, bare):
    identity = identify(records.Entity(name=name, type="PERSON"))
    assert (identity.key, identity.name, identity.surname, identity.bare) == (
        key, shown, surname, bare)


@pytest.mark.parametrize(("name", "aliases", "pronouns", "shown", "surname"), [
    ("Trump Donald", ["Trump"], ["he"], "Donald Trump", "trump"),
    # Called by the last word alone: that is the surname, whatever the given-name tables say;
    # so it is where the pronouns are not of the gender of that word as a given name.
    ("Tasmeen Ali", ["Ali"], [], "Tasmeen Ali", "ali"),
    ("Tasmeen Ali", [], ["her"], "Tasmeen Ali", "ali"),
])
def test_the_articles_own_use_tells_the_surname(name, aliases, pronouns, shown, surname):
    mentions = [records.Mention(0, len(word), word) for word in pronouns]
    identity = identify(records.Entity(name=name, type="PERSON", aliases=aliases,
                                       mentions=mentions))
    assert (identity.name, identity.surname) == (shown, surname)


# --------------------------------------------------------------------------------------------
# Surnames across the archive


def test_a_bare_surname_joins_the_bearer_the_archive_names_most(app):
    store(story("Barack Obama spoke in Chicago.", people={"Barack Obama": ["Obama"]}))
    store(story("Barack Obama spoke again.", people={"Barack Obama": []}))
    store(story("Michelle Obama visited a school. Obama said it was good.",
                people={"Michelle Obama": ["Obama"]}, said={"it was good": "Michelle Obama"}))
    store(story("Obama said the law would stand.", people={"Obama": []},
                said={"the law would stand": "Obama"}))
    found = people()
    assert set(found) == {"Barack Obama", "Michelle Obama"}
    # The article that names Michelle Obama in full keeps its "Obama" hers.
    assert quotes_of(found["Michelle Obama"]) == ["it was good"]
    assert quotes_of(found["Barack Obama"]) == ["the law would stand"]
    assert found["Barack Obama"].aliases == ["Obama"]
    assert (found["Barack Obama"].article_count, found["Barack Obama"].named_count,
            found["Barack Obama"].quote_count) == (3, 2, 1)


def test_a_bare_surname_stored_first_moves_when_its_bearer_arrives(app):
    store(story("Trump said the vote was rigged.", people={"Trump": []},
                said={"the vote was rigged": "Trump"}))
    store(story("President Trump said he would win.", people={"President Trump": []},
                said={"he would win": "President Trump"}))
    assert set(people()) == {"Trump"}
    store(story("Donald Trump held a rally in Ohio.", people={"Donald Trump": ["Trump"]},
                places=("Ohio",), day="2022-01-12"))
    found = people()
    assert set(found) == {"Donald Trump"}
    trump = found["Donald Trump"]
    assert quotes_of(trump) == ["he would win", "the vote was rigged"]
    assert trump.aliases == ["President Trump", "Trump"]
    assert (trump.article_count, trump.mention_count, trump.quote_count, trump.named_count,
            str(trump.first_seen), str(trump.last_seen)) == (3, 4, 2, 1, "2022-01-10",
                                                             "2022-01-12")
    day = db.session.scalar(select(EntityDay.articles).where(EntityDay.entity_id == trump.id,
                                                             EntityDay.day == trump.first_seen))
    assert day == 2
    assert db.session.scalar(select(func.count()).select_from(EntityPair)) == 1


def test_ties_and_junk_never_capture_a_surname(app):
    store(story("Joe Smith met reporters.", people={"Joe Smith": []}))
    store(story("Anna Smith met reporters.", people={"Anna Smith": []}))
    store(story("Smith met reporters.", people={"Smith": []}))
    store(story("Midwest Abandons Cruz. It was late.", people={"Midwest Abandons Cruz": []}))
    store(story("Cruz said no.", people={"Cruz": []}, said={"no": "Cruz"}))
    assert set(people()) == {"Joe Smith", "Anna Smith", "Smith", "Midwest Abandons Cruz", "Cruz"}
    assert quotes_of(people()["Cruz"]) == ["no"]


def test_a_surname_first_bearer_keeps_a_bare_surname_from_another_bearer(app):
    # "Kim Jong-un" names a bearer of "Kim" in full: the article's bare "Kim" (kept apart by
    # its extractor) is not the archive's leading Kim, whoever that is.
    store(story("Erin Kim runs the programme.", people={"Erin Kim": []}))
    store(story("Erin Kim said it works.", people={"Erin Kim": []}, said={"it works": "Erin Kim"}))
    store(story("Kim Jong-un arrived. Kim said he was ready.",
                people={"Kim Jong-un": [], "Kim": []}, said={"he was ready": "Kim"}))
    found = people()
    assert set(found) == {"Erin Kim", "Kim Jong-un", "Kim"}
    assert quotes_of(found["Erin Kim"]) == ["it works"]
    assert quotes_of(found["Kim"]) == ["he was ready"]


def test_counters_stay_right_after_bare_surnames_move(app):
    store(story("Biden said yes in Delaware.", people={"Biden": []}, places=("Delaware",),
                said={"yes": "Biden"}))
    store(story("Biden said maybe.", people={"Biden": []}, said={"maybe": "Biden"}))
    store(story("Joe Biden spoke in Delaware.", people={"Joe Biden": ["Biden"]},
                places=("Delaware",)))
    kept = {e.name: (e.article_count, e.mention_count, e.quote_count, e.named_count,
                     e.first_seen, e.last_seen) for e in db.session.scalars(select(Entity))}
    pairs = sorted(db.session.execute(select(EntityPair.entity_id, EntityPair.other_id,
                                             EntityPair.articles)).all())
    recount_all()
    db.session.commit()
    db.session.expire_all()
    assert {e.name: (e.article_count, e.mention_count, e.quote_count, e.named_count,
                     e.first_seen, e.last_seen)
            for e in db.session.scalars(select(Entity))} == kept
    assert sorted(db.session.execute(select(EntityPair.entity_id, EntityPair.other_id,
                                            EntityPair.articles)).all()) == pairs
    assert kept["Joe Biden"][:4] == (3, 4, 2, 1)


def test_deleting_the_bearers_article_gives_the_surname_back_its_own_record(app):
    store(story("Macron said yes.", people={"Macron": []}, said={"yes": "Macron"}))
    bearer = store(story("Emmanuel Macron spoke.", people={"Emmanuel Macron": []})).article
    assert set(people()) == {"Emmanuel Macron"}
    delete_article(bearer)
    found = people()
    assert set(found) == {"Macron"}
    assert quotes_of(found["Macron"]) == ["yes"]
    assert found["Macron"].article_count == 1 and found["Macron"].quote_count == 1
    assert db.session.scalar(select(ArticleEntity.surname)) == "macron"


# --------------------------------------------------------------------------------------------
# The same articles in another order give the same records


def _archive() -> list[records.ExtractedArticle]:
    return [
        story("Trump said the vote was rigged.", people={"Trump": []},
              said={"the vote was rigged": "Trump"}),
        story("Donald J. Trump spoke.", people={"Donald J. Trump": ["Trump"]}),
        story("Donald Trump held a rally. Trump said he would win.",
              people={"Donald Trump": ["Trump"]}, said={"he would win": "Donald Trump"}),
        story("Trump Donald was listed.", people={"Trump Donald": []}),
        story("President Trump said no.", people={"President Trump": []},
              said={"no": "President Trump"}),
        story("Midwest Abandons Trump.", people={"Midwest Abandons Trump": []}),
        story("Michelle Obama visited. Obama said it was good.",
              people={"Michelle Obama": ["Obama"]}, said={"it was good": "Michelle Obama"}),
        story("Obama said the law would stand.", people={"Obama": []},
              said={"the law would stand": "Obama"}),
        story("Barack Obama spoke.", people={"Barack Obama": []}),
        story("Barack Obama spoke again.", people={"Barack Obama": ["Obama"]}),
        story("Hillary Rodham Clinton spoke.", people={"Hillary Rodham Clinton": []},
              said={"spoke": "Hillary Rodham Clinton"}),
        story("Hillary Clinton said yes.", people={"Hillary Clinton": ["Clinton"]},
              said={"yes": "Hillary Clinton"}),
        story("Attorney General William Barr testified.", people={"William Barr": []}),
        story("Bill Barr said it was fine.", people={"Bill Barr": []},
              said={"it was fine": "Bill Barr"}),
        story("Barr said no such thing.", people={"Barr": []},
              said={"no such thing": "Barr"}),
        story("Smith met reporters.", people={"Smith": []}, said={"met": "Smith"}),
        story("Joe Smith met reporters.", people={"Joe Smith": []}),
        story("Anna Smith met reporters.", people={"Anna Smith": []}),
    ]


def _records_now() -> dict:
    return {(e.name, e.type): (e.aliases, quotes_of(e), e.article_count, e.mention_count,
                               e.quote_count)
            for e in db.session.scalars(select(Entity))}


def test_the_same_articles_in_another_order_give_the_same_records(app):
    archive = _archive()
    for extracted in archive:
        store(extracted)
    first = _records_now()
    for stored in [store(extracted).article for extracted in archive]:
        delete_article(stored)
    assert db.session.scalar(select(func.count()).select_from(Entity)) == 0
    for order in (archive[::-1], random.Random(8).sample(archive, len(archive))):
        for extracted in order:
            store(extracted)
        assert _records_now() == first
        for stored in [store(extracted).article for extracted in archive]:
            delete_article(stored)
    assert first[("Donald Trump", "PERSON")] == (
        ["Donald J. Trump", "President Trump", "Trump", "Trump Donald"],
        ["he would win", "no", "the vote was rigged"], 5, 7, 3)
    assert first[("Barack Obama", "PERSON")][1] == ["the law would stand"]
    assert first[("Michelle Obama", "PERSON")][1] == ["it was good"]
    assert first[("Smith", "PERSON")][1] == ["met"]
    assert first[("Bill Barr", "PERSON")] == (
        ["Barr", "William Barr"], ["it was fine", "no such thing"], 3, 3, 2)
    assert first[("Hillary Clinton", "PERSON")] == (
        ["Clinton", "Hillary Rodham Clinton"], ["spoke", "yes"], 2, 3, 2)


# --------------------------------------------------------------------------------------------
# Places


def test_georgia_the_state_and_georgia_the_country_are_two_records(app):
    store(story("Voters in Georgia, Atlanta and Florida queued.",
                places=("Georgia", "Atlanta", "Florida")))
    store(story("Georgia and Russia met; Georgia said no.", places=("Georgia", "Russia")))
    georgias = db.session.execute(select(Entity.name, Entity.type, Entity.links,
                                         Entity.country_code, Entity.article_count)
                                  .where(Entity.name == "Georgia").order_by(Entity.id)).all()
    assert [tuple(row) for row in georgias] == [
        ("Georgia", "GPE", {"geonames": 4197000}, "US", 1),
        ("Georgia", "GPE", {"geonames": 614540}, "GE", 1),
    ]



def plans_of(run) -> tuple[list[str], list[str]]:
    """The statements ``run(connection)`` sends, and the engine's plan of each (on PostgreSQL
    with sequential scans penalised: one shows only where no index can serve)."""
    from sqlalchemy import event, text

    connection = db.session.connection()
    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _executemany):
        statements.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", seen)
    try:
        run(connection)
    finally:
        event.remove(connection, "before_cursor_execute", seen)
    sqlite = connection.dialect.name == "sqlite"
    explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    if not sqlite:
        connection.execute(text("SET enable_seqscan = off"))
    try:
        plans = [" ".join(str(row[-1]) for row in
                          connection.exec_driver_sql(explain + statement, parameters))
                 for statement, parameters in statements]
    finally:
        if not sqlite:
            connection.execute(text("RESET enable_seqscan"))
    return [statement for statement, _ in statements], plans


def test_recomputing_an_entitys_pairs_reads_only_its_own_links(app):
    """`rebuild_pairs_of` (a surname settled during ingest, a merge, a split) finds the pairs
    and the links of the given entities through indexes: it never reads the whole archive."""
    from api.services.counters import rebuild_pairs_of

    store(story("Barack Obama met Angela Merkel in Berlin.",
                people={"Barack Obama": [], "Angela Merkel": []}))
    ids = [entity.id for entity in db.session.scalars(select(Entity))]
    statements, plans = plans_of(lambda connection: rebuild_pairs_of(connection, ids[:1]))
    assert [statement.split()[0] for statement in statements] == ["DELETE", "INSERT"]
    for plan in plans:
        assert not re.search(r"\bSCAN (article_entities|entity_pairs|other)\b", plan) \
            and "Seq Scan" not in plan, plan
    assert db.session.scalar(select(func.sum(EntityPair.articles))) == 1


def test_a_surnames_bearers_are_found_by_surname_and_type_together(app):
    """The leading bearer's lookup, at every article naming someone by a surname, reads the
    bearers of that surname only (not every person, as the ``type`` index would)."""
    from api.services.resolution import leading_bearer

    store(story("Barack Obama spoke in Chicago.", people={"Barack Obama": []}))
    found: list[int | None] = []
    statements, plans = plans_of(lambda _connection: found.append(leading_bearer("obama")))
    assert found == [people()["Barack Obama"].id] and len(plans) == 1
    assert "Seq Scan" not in plans[0], plans[0]
    if db.engine.dialect.name == "sqlite":
        assert "USING INDEX ix_entities_surname_type (surname=? AND type=?)" in plans[0]
