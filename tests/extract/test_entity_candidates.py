"""Entities, `api.extract.entities.candidates`, `credits` and `regions`: which spans may name an
entity (not idioms, dates or periods; a credit by its own grammar; only the layout's regions)."""

from __future__ import annotations

import pytest

from api.extract.entities import (
    Region,
    credit_candidates,
    extract_entities,
)
from api.extract.records import Image, ParsedArticle, Span
from tests.extract.helpers import by_name, entities_of, story


def test_idiom_in_quotation_is_not_a_place(nlp):
    text = (
        "Warning\nBlinken spoke on Sunday.\n"
        '"That opens a Pandora\u2019s box that countries beyond Europe will see," he said. '
        '"Russia\'s demands are clear."'
    )
    names = {(e.name, e.type) for e in entities_of(nlp, text)}
    assert ("Europe", "LOC") in names
    assert ("Russia", "GPE") in names
    assert not {n for n, _ in names if "Pandora" in n}


def test_dates_numbers_and_periods_are_not_entities(nlp):
    text = (
        "Order\nOn Jan. 23, 2022, two envoys sought to uproot the post-Cold War order, at a "
        "cost of $5 million."
    )
    assert entities_of(nlp, text) == []


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        (
            "Fabrice Coffrini/AFP via Getty Images",
            [("Fabrice Coffrini", "PERSON"), ("AFP", "ORG"), ("Getty Images", "ORG")],
        ),
        (
            "Chip Somodevilla/Getty Images",
            [("Chip Somodevilla", "PERSON"), ("Getty Images", "ORG")],
        ),
        ("AP Photo/Evan Vucci", [("AP", "ORG"), ("Evan Vucci", "PERSON")]),
        (
            "Jane Doe for The New York Times",
            [("Jane Doe", "PERSON"), ("New York Times", "ORG")],
        ),
        ("Getty Images", [("Getty Images", "ORG")]),
        ("Courtesy of the White House", [("White House", "ORG")]),
        (
            "Data: Federal Election Commission; Chart: Harry Stevens/Axios",
            [("Federal Election Commission", "ORG"), ("Harry Stevens", "PERSON"), ("Axios", "ORG")],
        ),
    ],
)
def test_credit_grammar(nlp, credit, expected):
    source = f"Caption. Photo: {credit}\n"
    start = source.index(credit)
    region = Region(start, start + len(credit), 0.2, "credit")
    found = credit_candidates(source, region, nlp(source))
    assert [(c.text, c.label) for c in found] == expected
    assert all(source[c.start : c.end] == c.text for c in found)


def test_photo_credit_is_parsed(nlp):
    text = (
        "Talks\nAntony Blinken in Geneva. Photo: Fabrice Coffrini/AFP via Getty Images\n"
        "Antony Blinken spoke."
    )
    image = Image(
        caption="Antony Blinken in Geneva.", credit="Fabrice Coffrini/AFP via Getty Images"
    )
    article = story(text, image)
    # The credit belongs to the image, not the body.
    article.sections[0].start = text.index("Antony Blinken spoke")
    found = {(e.name, e.type) for e in extract_entities(nlp(text), article)}
    assert {("Fabrice Coffrini", "PERSON"), ("AFP", "ORG"), ("Getty Images", "ORG")} <= found


def test_only_layout_regions_are_read(nlp):
    # The headline's "NATO" is read (it joins the NATO the lead names: a headline alone makes
    # no entity); the date line and the "Go deeper" links heading are not read.
    text = "Jan 23, 2022 - World\n\nNATO meets\n\nNATO met in Brussels.\n\nGo deeper"
    headline_start = text.index("NATO")
    body_start = text.index("NATO met")
    article = ParsedArticle(
        text,
        "NATO meets",
        None,
        "World",
        Image(),
        Span(body_start, body_start + 21, text[body_start : body_start + 21]),
        [],
        links_heading="Go deeper",
    )
    entities = extract_entities(nlp(text), article)
    assert [(e.name, [m.start for m in e.mentions]) for e in entities] == [
        ("NATO", [headline_start, body_start]),
        ("Brussels", [text.index("Brussels")]),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # spaCy runs a name over a paragraph break ("Morgan McNeely\n\nMcNeely").
        ("Cancer\nA photo of Morgan McNeely\n\nMcNeely said she felt lucky.", "Morgan McNeely"),
    ],
)
def test_a_name_never_runs_over_a_line_break(nlp, text, name):
    entities = entities_of(nlp, text)
    assert [m.text for e in entities for m in e.mentions if "\n" in m.text] == []
    assert name in by_name(entities)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Talks\nTrudeau spoke with Ardern. \u201cWe discussed the detentions,\u201d said a "
            "statement released by the Prime Minister's Office.",
            [("Ardern", "ORG"), ("Prime Minister's Office", "ORG"), ("Trudeau", "PERSON")],
            id="the-source-of-a-statement",
        ),
        pytest.param(
            "Budget\nThe Finance Department said the deficit would fall.",
            [("Finance Department", "ORG")],
            id="a-speech-verb's-subject",
        ),
        pytest.param(
            "Roads\nThe Toronto Police said the road was closed.",
            [("Toronto Police", "ORG")],
            id="a-place-and-an-organisation-noun",
        ),
        # An organisation noun alone is no name.
        pytest.param("Roads\nPolice said the road was closed.", [], id="a-noun-alone"),
    ],
)
def test_speaking_organisations(nlp, text, expected):
    """`api.extract.entities.voices.speaking_organisations`: a capitalised name ending in an
    organisation noun that speaks is an ORG where spaCy labelled none of it."""
    assert sorted((e.name, e.type) for e in entities_of(nlp, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'Markets\n"The worries surround a deal," Jingyi Pan of IG said in a commentary.',
            [("IG", "ORG"), ("Jingyi Pan", "PERSON")],
            id="a-person-of-an-organisation-speaks",
        ),
        # An organisation's own name with "of" stays whole.
        pytest.param(
            "Markets\nThe Bank of Canada said rates would rise.",
            [("Bank of Canada", "ORG")],
            id="an-organisation-named-with-of",
        ),
    ],
)
def test_split_affiliations(nlp, text, expected):
    """`api.extract.entities.voices.split_affiliations`: "Name of Organisation said", one span
    of another label, is the person who speaks and her organisation."""
    assert sorted((e.name, e.type) for e in entities_of(nlp, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Detentions\nHere it is. Full text and list of signatories to the letter "
            "https://t.co/b5PgcRnfFv \u2014 Rory Medcalf (@Rory_Medcalf) December 30, 2018",
            [("Rory Medcalf", "PERSON")],
            id="a-person-signs",
        ),
        pytest.param(
            "Storm\nDamage is unprecedented with hundreds of trees on power lines. "
            "pic.twitter.com/W0IkInjjSH \u2014 BC Hydro (@bchydro) December 22, 2018",
            [("BC Hydro", "ORG")],
            id="an-organisation-signs",
        ),
        pytest.param(
            "Politics\nYou're correct. Earlier today, we inadvertently cut short a video clip. "
            "\u2014 Meet the Press (@MeetThePress) September 2, 2018",
            [("Meet the Press", "ORG")],
            id="a-programme-signs",
        ),
    ],
)
def test_post_authors(nlp, text, expected):
    """`api.extract.entities.voices.post_authors`: the name that signs an embedded post is a
    PERSON (a given name first) or an ORG, where spaCy named none of it."""
    assert sorted((e.name, e.type) for e in entities_of(nlp, text)) == expected
