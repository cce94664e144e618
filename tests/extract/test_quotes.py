"""Quote extraction end to end (`api.extract.quotes.extract_quotes`): classification, cues and
speakers together, odd marks, sections, and the seed article exactly.

The tables give the people of each text by hand (`people`), with their name mentions only, so
that what is tested here is the attribution itself, not the entity resolver; the seed test runs
the real pipeline end to end."""

from __future__ import annotations

import pytest

from api.extract.entities import extract_entities
from api.extract.parse import parse_article
from api.extract.pipeline import extract_article
from api.extract.pipeline_types import ArticleFile
from api.extract.quotes import extract_quotes
from api.extract.records import Section
from tests.extract.helpers import BLINKEN, SEED, people, plain_article, quotes_of, summary

CASES = [
    pytest.param(
        "\u201cWe are ready to talk,\u201d Blinken said on Sunday.",
        BLINKEN,
        [("We are ready to talk,", "direct", "Antony Blinken", "said")],
        id="curly-marks-cue-after",
    ),
    pytest.param(
        '"We are ready to talk," Blinken said on Sunday.',
        BLINKEN,
        [("We are ready to talk,", "direct", "Antony Blinken", "said")],
        id="straight-marks",
    ),
    pytest.param(
        '"We are ready to talk," said Antony Blinken.',
        BLINKEN,
        [("We are ready to talk,", "direct", "Antony Blinken", "said")],
        id="inverted",
    ),
    pytest.param(
        'Blinken warned: "Russia is seeking a sphere of influence."',
        BLINKEN,
        [("Russia is seeking a sphere of influence.", "direct", "Antony Blinken", "warned")],
        id="cue-and-colon",
    ),
    pytest.param(
        'Antony Blinken visited Kyiv.\n\nBlinken: "We stand with Ukraine."',
        BLINKEN,
        [("We stand with Ukraine.", "direct", "Antony Blinken", None)],
        id="name-colon",
    ),
    pytest.param(
        "Blinken told CNN \"as we're doing it, we're building up our defense.\"",
        BLINKEN,
        [("as we're doing it, we're building up our defense.", "direct", "Antony Blinken", "told")],
        id="told-outlet",
    ),
    pytest.param(
        '"The talks failed completely," according to Antony Blinken.',
        BLINKEN,
        [("The talks failed completely,", "direct", "Antony Blinken", "according to")],
        id="according-to-after-quote",
    ),
    pytest.param(
        'The secretary said the U.S. will not compromise "by one iota" on that.\n\n'
        "Earlier, Secretary of State Antony Blinken met his counterpart.",
        BLINKEN,
        [("by one iota", "partial", None, "said")],
        id="role-noun-with-nobody-before-is-none",
    ),
    pytest.param(
        "Secretary of State Antony Blinken met his counterpart.\n\n"
        'The secretary said the U.S. will not compromise "by one iota" on that.',
        BLINKEN,
        [("by one iota", "partial", "Antony Blinken", "said")],
        id="role-noun-through-title",
    ),
    pytest.param(
        "Jane Doe met Antony Blinken in Geneva. She said she was pleased.\n\n"
        '"It went well," she said.',
        {"Jane_Doe": ["Jane Doe"], **BLINKEN},
        [("It went well,", "direct", "Jane Doe", "said")],
        id="pronoun-nearest-subject-of-that-gender",
    ),
    pytest.param(
        "Antony Blinken met Jane Doe in Geneva. He said he was pleased.\n\n"
        '"It went well," he said.',
        {"Jane_Doe": ["Jane Doe"], **BLINKEN},
        [("It went well,", "direct", "Antony Blinken", "said")],
        id="pronoun-main-subject",
    ),
    pytest.param(
        'Days after President Biden\'s "minor incursion" gaffe, Kyiv was alarmed.',
        {"Joe_Biden": ["Biden"]},
        [("minor incursion", "partial", "Joe Biden", None)],
        id="possessive",
    ),
    pytest.param(
        '"We will win," Blinken said.\n\n"And we will win again."',
        BLINKEN,
        [
            ("We will win,", "direct", "Antony Blinken", "said"),
            ("And we will win again.", "direct", "Antony Blinken", None),
        ],
        id="next-paragraph-inherits",
    ),
    pytest.param(
        '"We will win," Blinken said. "Again and again."',
        BLINKEN,
        [
            ("We will win,", "direct", "Antony Blinken", "said"),
            ("Again and again.", "direct", "Antony Blinken", None),
        ],
        id="same-paragraph-inherits",
    ),
    pytest.param(
        'Blinken said the talks had failed.\n\n  \u2022 "We tried everything."',
        BLINKEN,
        [("We tried everything.", "direct", "Antony Blinken", None)],
        id="bullet-inherits-from-reported-speech",
    ),
    pytest.param(
        'Blinken wrote on Twitter:\n\n"We will not back down."',
        BLINKEN,
        [("We will not back down.", "direct", "Antony Blinken", None)],
        id="colon-ends-previous-paragraph",
    ),
    pytest.param(
        'And Blinken\'s sharpest line: "Diplomacy is not weakness."',
        BLINKEN,
        [("Diplomacy is not weakness.", "direct", "Antony Blinken", None)],
        id="possessive-before-colon",
    ),
    pytest.param(
        '"Will they invade? Nobody knows!" Blinken said.',
        BLINKEN,
        [("Will they invade? Nobody knows!", "direct", "Antony Blinken", "said")],
        id="question-then-attribution-sentence",
    ),
    pytest.param(
        "His lawyer, Zhang Dongshuo, said ''the appeal will be filed.''",
        {"Zhang_Dongshuo": ["Zhang Dongshuo"]},
        [("the appeal will be filed.", "direct", "Zhang Dongshuo", "said")],
        id="apposed-name-and-doubled-single-marks",
    ),
    pytest.param(
        "BC Hydro said power was back.\n\n"
        '"Crews worked all night to restore it," the utility said. "We thank everyone," it said.',
        {"ORG_BC_Hydro": ["BC Hydro"]},
        [
            ("Crews worked all night to restore it,", "direct", "BC Hydro", "said"),
            ("We thank everyone,", "direct", "BC Hydro", "said"),
        ],
        id="organisation-role-noun-and-it",
    ),
    pytest.param(
        '"We will win."\n\nThe match starts on Sunday.',
        BLINKEN,
        [("We will win.", "direct", None, None)],
        id="unattributed-is-none",
    ),
    pytest.param(
        'He appeared on NBC\'s "Meet the Press." The alliance\'s "open-door" policy holds, '
        'and Dwayne "The Rock" Johnson agreed.',
        BLINKEN,
        [],
        id="title-scare-quote-nickname",
    ),
    pytest.param(
        'The so-called "reform" passed, and the "experts" cheered.',
        BLINKEN,
        [],
        id="unattributed-fragments-are-scare-quotes",
    ),
    pytest.param(
        'Blinken said "this is broken.\n\n"Later words," Blinken said.',
        BLINKEN,
        [
            ("this is broken.", "direct", "Antony Blinken", "said"),
            ("Later words,", "direct", "Antony Blinken", "said"),
        ],
        id="unbalanced-paragraph-then-paired",
    ),
    pytest.param(
        "Blinken said Russia had made its choice.\n\n"
        "\u201cWe will build it.\n\n"
        "\u201cAnd we will finish it,\u201d he added.",
        BLINKEN,
        [
            ("We will build it.", "direct", "Antony Blinken", None),
            ("And we will finish it,", "direct", "Antony Blinken", "added"),
        ],
        id="quote-continued-over-paragraphs",
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), CASES)
def test_quotes_and_speakers(nlp, text, names, expected):
    assert summary(quotes_of(nlp, text, people(text, **names))) == expected


def test_section_slug(nlp):
    text = 'Why it matters: Blinken said the U.S. will not compromise "by one iota."'
    article = plain_article(text)
    article.sections = [
        Section(label="Why it matters", slug="why-it-matters", start=0, end=len(text))
    ]
    [quote] = extract_quotes(nlp(text), article, people(text, **BLINKEN))
    assert (quote.text, quote.section) == ("by one iota.", "why-it-matters")


def test_never_crashes_on_odd_marks(nlp):
    text = '"\n\n""\u201d\u201c \u201c\n" a " b " c "\n\u201d end.\n"'
    for quote in quotes_of(nlp, text, [], indirect=True):
        assert text[quote.start : quote.end] == quote.text


SEED_QUOTES = [
    ("by one iota", "partial", "Antony Blinken", "said", "why-it-matters"),
    ("sphere of influence", "partial", "Antony Blinken", "warned", "driving-the-news"),
    ("subjugate", "partial", "Antony Blinken", "warned", "driving-the-news"),
    (
        "If we allow those things to go forward and stand with impunity, then that opens a "
        "Pandora\u2019s box that countries well beyond Europe will see and maybe decide to act on.",
        "direct", "Antony Blinken", None, "driving-the-news",
    ),
    (
        "Engaging in diplomacy doesn't take the word nyet out of your vocabulary,",
        "direct", "Antony Blinken", "said", "between-the-lines",
    ),
    (
        "as we're doing it, we're building up our defense, we're building up our deterrence, to "
        "make sure that Russia understands that if it doesn\u2019t follow the diplomatic course, "
        "if it renews its aggression, there will be very significant consequences.",
        "direct", "Antony Blinken", "told", "go-deeper",
    ),
    ("minor incursion", "partial", "Biden", None, "the-bottom-line"),
    ("a single additional Russian force", "partial", "Antony Blinken", "stressed",
     "the-bottom-line"),
    ("swift, a severe and a united response from us and from Europe.", "partial",
     "Antony Blinken", "stressed", "the-bottom-line"),
]  # fmt: skip


def test_seed_quotes_exactly(nlp):
    source = SEED.read_text(encoding="utf-8")
    article = parse_article(source)
    doc = nlp(article.source)
    quotes = extract_quotes(doc, article, extract_entities(doc, article))
    assert [(q.text, q.kind, q.speaker, q.cue, q.section) for q in quotes] == SEED_QUOTES
    for quote in quotes:
        assert source[quote.start : quote.end] == quote.text
        assert source[quote.speaker_start : quote.speaker_end] == quote.speaker_text
    assert [q.speaker_text for q in quotes] == [
        "the secretary", "Blinken", "Blinken", "the secretary", "the secretary", "Blinken",
        "President Biden", "Blinken", "Blinken",
    ]  # fmt: skip


def test_seed_served_quotes(nlp):
    """What the pipeline serves for the seed: the gold's nine quotes in marks, exactly, and
    its reported speech (the gold lists the words inside the marks only), each quote in marks
    that lies inside reported speech linked to it by ``parent``."""
    source = SEED.read_text(encoding="utf-8")
    quotes = extract_article(ArticleFile(SEED.read_bytes(), SEED.name), nlp).quotes
    in_marks = [q for q in quotes if q.kind != "indirect"]
    assert [(q.text, q.kind, q.speaker, q.cue, q.section) for q in in_marks] == SEED_QUOTES
    reported = [(q.text[:40], q.speaker, q.cue, q.section) for q in quotes if q.kind == "indirect"]
    assert reported == [
        ("there are still areas in which the U.S. ", "Antony Blinken", "said", None),
        ('the U.S. will not compromise "by one iot', "Antony Blinken", "said", "why-it-matters"),
        ('Russia is seeking to reestablish a "sphe', "Antony Blinken", "warned",
         "driving-the-news"),
        ("That violates international norms that h", "Antony Blinken", "said",
         "driving-the-news"),
        ("It also heightens the stakes far beyond ", "Antony Blinken", "argued",
         "driving-the-news"),
        ('that "a single additional Russian force"', "Antony Blinken", "stressed",
         "the-bottom-line"),
    ]  # fmt: skip
    parents = {q.text: quotes[q.parent].text[:30] for q in quotes if q.parent is not None}
    assert parents == {
        "by one iota": 'the U.S. will not compromise "',
        "sphere of influence": 'Russia is seeking to reestabli',
        "subjugate": 'Russia is seeking to reestabli',
        "a single additional Russian force": 'that "a single additional Russ',
        "swift, a severe and a united response from us and from Europe.":
            'that "a single additional Russ',
    }  # fmt: skip
    for quote in quotes:
        assert source[quote.start : quote.end] == quote.text
        assert source[quote.speaker_start : quote.speaker_end] == quote.speaker_text
    assert not {"open-door", "State of the Union.", "Meet the Press."} & {q.text for q in quotes}


def test_an_embedded_post_is_a_direct_quote_of_its_author(nlp):
    """`api.extract.quotes.posts`: the post's words without the embed's links, ``direct``, no
    cue, the signing name as speaker; a quotation inside it is part of it, not a quote apart."""
    text = (
        'Blinken met Lavrov.\n\nWe called it "a step back" and we stand by it. '
        "pic.twitter.com/W0IkInjjSH \u2014 Rory Medcalf (@Rory_Medcalf) December 30, 2018\n\n"
        "The talks went on."
    )
    quotes = quotes_of(nlp, text, people(text, Rory_Medcalf=["Rory Medcalf"], **BLINKEN))
    assert [(q.text, q.kind, q.speaker, q.speaker_text, q.cue) for q in quotes] == [
        ('We called it "a step back" and we stand by it.', "direct", "Rory Medcalf",
         "Rory Medcalf", None),
    ]  # fmt: skip
    assert text[quotes[0].speaker_start : quotes[0].speaker_end] == "Rory Medcalf"
