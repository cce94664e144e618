"""Reported speech (`api.extract.quotes.reported`): indirect quotes, served only on request."""

from __future__ import annotations

import pytest

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
    pytest.param("Blinken did not say whether the talks failed.", [], id="negated"),
    pytest.param("Blinken visited Kyiv on Sunday.", [], id="no-speech"),
]


@pytest.mark.parametrize(("text", "expected"), INDIRECT)
def test_indirect_speech(nlp, text, expected):
    quotes = quotes_of(nlp, text, people(text, **BLINKEN), indirect=True)
    assert [(q.text, q.speaker, q.cue) for q in quotes] == expected
    assert all(q.kind == "indirect" for q in quotes)


def test_indirect_speech_only_on_request(nlp):
    text = "Blinken said the talks had failed."
    assert quotes_of(nlp, text, people(text, **BLINKEN)) == []
