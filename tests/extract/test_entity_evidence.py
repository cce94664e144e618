"""Names are names (issue 8, point 2 and the entity side of point 3), through `extract_entities`:
headings, captions, gallery and link lines never make an entity on their own nor give a surname
to the wrong record; spaCy's labels yield to evidence (a first name, a title, an organisation or
facility word); one entity has one type in an article; a pronoun joins only a person of a
compatible gender. Each table row is a short story and what must (not) come out of it."""

from __future__ import annotations

import pytest

from api.extract.entities import extract_entities
from api.extract.records import Entity, Image, ParsedArticle, Section


def plain_article(text: str, image: Image | None = None) -> ParsedArticle:
    """A wire story: first line the headline, the rest one unlabelled section."""
    headline_end = text.index("\n")
    body = Section(None, None, headline_end + 1, len(text))
    return ParsedArticle(text, text[:headline_end], None, None, image or Image(), None, [body])


def entities_of(nlp, text: str, image: Image | None = None) -> list[Entity]:
    entities = extract_entities(nlp(text), plain_article(text, image))
    for entity in entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    return entities


def names_and_types(entities: list[Entity]) -> set[tuple[str, str]]:
    return {(e.name, e.type) for e in entities}


def mentions_of(entities: list[Entity], name: str) -> list[str]:
    return [m.text for e in entities if e.name == name for m in e.mentions]


CRUZ = (
    "Meet Ted: Top Cruz Adviser Talks Family\n\n"
    "Sen. Ted Cruz campaigned in Iowa on Monday with his wife, Heidi Cruz, and their daughters.\n\n"
    "Meet Ted\n\n"
    "Heidi Cruz told the crowd that her husband would fight for them. Donald Trump attacked her "
    "on Twitter last week, and her supporters answered. She said her family had been hurt by "
    "his words, and that her faith kept her going.\n\n"
    "Sweet Caroline\n\n"
    "Their daughter Caroline sang on stage. Trump said he would keep campaigning.\n\n"
    "Slideshow (3 Images)\n\n"
    "Manhunt\n\n"
    "Ted Cruz said he was proud of his family.\n"
)
MIDWEST = (
    "Midwest Abandons Trump\n\n"
    "TRUMP VS CALIFORNIA\n\n"
    "President Donald Trump lost support in the Midwest, a new poll shows. Trump said the poll "
    "was fake. Voters in Ohio and Michigan said they had changed their minds.\n"
)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (MIDWEST, "Midwest Abandons Trump"),  # a headline
        (MIDWEST, "TRUMP VS CALIFORNIA"),  # a line in capitals
        (CRUZ, "Meet Ted"),  # a Title Case heading
        (CRUZ, "Top Cruz"),
        (CRUZ, "Sweet Caroline"),
        (CRUZ, "Slideshow"),  # gallery furniture
        (CRUZ, "Manhunt"),  # a lone word on its own line
        (
            "Storm hits coast\n\nA storm hit the coast on Monday.\n\n"
            "Hide caption Waves hit Miami Beach on Monday. Previous Next Andy Manis/Getty Images\n",
            "Andy Manis",
        ),
    ],
)
def test_headings_and_gallery_lines_make_no_entity(nlp, text, absent):
    names = {e.name for e in entities_of(nlp, text)}
    assert absent not in names
    assert not any(absent in name for name in names)


def test_a_heading_name_joins_the_entity_the_prose_names(nlp):
    entities = entities_of(nlp, MIDWEST)
    assert ("Donald Trump", "PERSON") in names_and_types(entities)
    # The headline's "Trump" is his, cut out of "Midwest Abandons Trump".
    assert mentions_of(entities, "Donald Trump")[:2] == ["Trump", "Donald Trump"]
    cruz = entities_of(nlp, CRUZ)
    assert "Ted" in mentions_of(cruz, "Ted Cruz")  # "Meet Ted"


def test_a_heading_name_the_prose_writes_is_an_entity(nlp):
    # "Toronto" is named in the headline only, but the body writes it inside a longer name.
    text = (
        "Pop culture celebrated at Fan Expo Canada 2016 in Toronto\n"
        "The fair took place at the Metro Toronto Convention Centre this weekend.\n"
    )
    assert "Toronto" in {e.name for e in entities_of(nlp, text)}


def test_pronouns_join_only_a_person_of_their_gender(nlp):
    entities = entities_of(nlp, CRUZ)
    trump = mentions_of(entities, "Donald Trump")
    heidi = mentions_of(entities, "Heidi Cruz")
    assert "her" not in trump and "she" not in [m.lower() for m in trump]
    assert heidi.count("her") >= 5 and "She" in heidi
    assert "his" in trump  # "hurt by his words": the man named last


@pytest.mark.parametrize(
    ("text", "name", "type_"),
    [
        # A first name, with the surname used alone too: a person whatever spaCy says.
        (
            "Robots win\nThe contest was founded by Dean Kamen in 1989. Kamen said it grew.\n",
            "Dean Kamen",
            "PERSON",
        ),
        # An organisation word ends the name.
        (
            "Church row\nShe joined the Sea Org aged 14. The Sea Org runs the ship.\n",
            "Sea Org",
            "ORG",
        ),
        # A facility word ends the name.
        (
            "Fan fair\nThe fair took place at the Metro Toronto Convention Centre this weekend.\n",
            "Metro Toronto Convention Centre",
            "FAC",
        ),
        # A name spaCy cut in two.
        (
            "Ship claims\nValeska Paris, an Australian woman, has claimed she was held aboard. "
            "Paris said she was eighteen.\n",
            "Valeska Paris",
            "PERSON",
        ),
    ],
)
def test_labels_yield_to_evidence(nlp, text, name, type_):
    assert (name, type_) in names_and_types(entities_of(nlp, text))


def test_one_type_per_entity_and_a_title_decides(nlp):
    text = (
        "Subpoena targets\n"
        "Democrats listed 85 Trump-related targets. Schiff expects Trump to resist the requests "
        "of the committees. The Trump campaign declined to comment, and the Trump campaign's "
        "lawyers said nothing. President Trump is already signaling confrontation.\n"
    )
    entities = entities_of(nlp, text)
    trumps = [e for e in entities if e.name == "Trump"]
    assert [(e.type, len(e.mentions) >= 4) for e in trumps] == [("PERSON", True)]


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        (
            "Iodine study\nThe WHO said so. The World Health Organisation (WHO) recommends salt.\n",
            "World Health Organisation",
            "World Health Organisation (WHO",
        ),
        (
            "Match report\nSweden 1 – 0 South Korea\nSweden beat South Korea in Nizhny Novgorod.\n",
            "Sweden",
            "Sweden 1",
        ),
        ("Hackers\nThe attack began at 18:00 GMT on Sunday, Anonymous said.\n", None, "GMT"),
        (
            "Quarantine\nA spokesperson told CNN Redfield would be teleworking, officials said.\n",
            None,
            "CNN Redfield",
        ),
        (
            "Iodine\nIodine released from the milk is lost. Children need iodine, doctors said.\n",
            None,
            "Iodine",
        ),
    ],
)
def test_spans_end_where_the_name_ends(nlp, text, wanted, unwanted):
    names = {e.name for e in entities_of(nlp, text)}
    assert unwanted not in names
    if wanted is not None:
        assert wanted in names


def test_a_surname_of_several_words_joins_its_full_name(nlp):
    text = (
        "Refugees\nIn Halifax, Ragheb Al Turkmani, 49, is eager to apply for citizenship. "
        "Al Turkmani was with his sister when war broke out.\n"
    )
    entities = entities_of(nlp, text)
    assert "Al Turkmani" in mentions_of(entities, "Ragheb Al Turkmani")
    assert "Al Turkmani" not in {e.name for e in entities}


def test_a_first_line_that_ends_in_a_full_stop_is_prose(nlp):
    text = (
        "Alex Nedeljkovic's first NHL start could not have gone much better.\n\n"
        "Nedeljkovic got called up this month.\n"
    )
    assert ("Alex Nedeljkovic", "PERSON") in names_and_types(entities_of(nlp, text))
