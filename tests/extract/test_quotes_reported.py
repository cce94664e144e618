"""Reported speech (`api.extract.quotes.reported`): indirect quotes, served only on request."""

from __future__ import annotations

import pytest

from api.extract.quotes import extract_quotes
from api.extract.records import Block, Image, ParsedArticle, Section
from tests.extract.helpers import BLINKEN, people, quotes_of

INDIRECT = [
    pytest.param(
        "Blinken said the talks had failed.",
        [("the talks had failed", "Antony Blinken", "said")],
        id="said-clause",
    ),
    pytest.param(
        "Blinken told reporters that the talks had failed.",
        [("that the talks had failed", "Antony Blinken", "told")],
        id="told-hearer-that",
    ),
    pytest.param(
        "The talks had failed, Blinken said on Sunday.",
        [("The talks had failed", "Antony Blinken", "said")],
        id="clause-then-attribution",
    ),
    pytest.param(
        "According to Blinken, the talks had failed.",
        [("the talks had failed", "Antony Blinken", "according to")],
        id="according-to-first",
    ),
    pytest.param(
        "The talks had failed, according to Blinken.",
        [("The talks had failed", "Antony Blinken", "according to")],
        id="according-to-last",
    ),
    pytest.param(
        "Too often, Blinken says, the talks fail.",
        [("Too often", "Antony Blinken", "says"), ("the talks fail", "Antony Blinken", "says")],
        id="attribution-inside-the-sentence",
    ),
    pytest.param(
        "The drugs have a limited set of uses, Blinken says, and are meant to be taken short term.",
        [
            ("The drugs have a limited set of uses", "Antony Blinken", "says"),
            ("and are meant to be taken short term", "Antony Blinken", "says"),
        ],
        id="attribution-inside-a-shared-subject",
    ),
    pytest.param(
        "It is on Trudeau's watch, Blinken said, that the country is facing regional divisions.",
        [
            ("It is on Trudeau's watch", "Antony Blinken", "said"),
            ("that the country is facing regional divisions", "Antony Blinken", "said"),
        ],
        id="attribution-inside-a-cleft",
    ),
    pytest.param(
        "The talks failed, Blinken says, and he adds that nobody is to blame.",
        [
            ("The talks failed", "Antony Blinken", "says"),
            ("that nobody is to blame", "Antony Blinken", "adds"),
        ],
        id="attribution-then-a-speech-of-its-own",
    ),
    pytest.param(
        "Blinken says he's lost 16 lbs. since he signed up for the program.",
        [("he's lost 16 lbs. since he signed up for the program", "Antony Blinken", "says")],
        id="sentence-cut-at-an-abbreviation",
    ),
    pytest.param(
        "Blinken has said the department will stick with its plan, insisting the government "
        "won't spend another penny.",
        [
            ("the department will stick with its plan", "Antony Blinken", "said"),
            ("the government won't spend another penny", "Antony Blinken", "insisting"),
        ],
        id="a-participle-after-the-reported-clause",
    ),
    pytest.param(
        "Blinken said Lavrov would stay on, insisting the talks were not over.",
        [
            ("Lavrov would stay on", "Antony Blinken", "said"),
            ("the talks were not over", None, "insisting"),
        ],
        id="a-participle-after-a-clause-whose-subject-is-a-person",
    ),
    pytest.param("Blinken did not say whether the talks failed.", [], id="negated"),
    pytest.param("Blinken asked whether the talks had failed.", [], id="a-question"),
    pytest.param("Blinken visited Kyiv on Sunday.", [], id="no-speech"),
]


@pytest.mark.parametrize(("text", "expected"), INDIRECT)
def test_indirect_speech(nlp, text, expected):
    quotes = quotes_of(nlp, text, people(text, **BLINKEN), indirect=True)
    assert [(q.text, q.speaker, q.cue) for q in quotes] == expected
    assert all(q.kind == "indirect" for q in quotes)


def test_a_section_label_is_not_reported(nlp):
    text = 'Why it matters: "We will not change course," Blinken said.\n'
    body = Section("Why it matters", "why-it-matters", 0, len(text) - 1,
                   [Block("paragraph", 16, len(text) - 1, text[16:-1])])
    article = ParsedArticle(text, None, None, None, Image(), None, [body])
    doc = nlp(text)
    quotes = extract_quotes(doc, article, people(text, **BLINKEN), indirect=True)
    assert [(q.text, q.kind, q.speaker, q.section) for q in quotes] == [
        ("We will not change course,", "direct", "Antony Blinken", "why-it-matters")
    ]


def test_a_quote_inside_reported_speech_links_to_it(nlp):
    text = 'Blinken said the U.S. will not compromise "by one iota" on the demand.'
    quotes = quotes_of(nlp, text, people(text, **BLINKEN), indirect=True)
    assert [(q.kind, q.text, q.parent) for q in quotes] == [
        ("indirect", 'the U.S. will not compromise "by one iota" on the demand', None),
        ("partial", "by one iota", 0),
    ]


def test_indirect_speech_only_on_request(nlp):
    text = "Blinken said the talks had failed."
    assert quotes_of(nlp, text, people(text, **BLINKEN)) == []
