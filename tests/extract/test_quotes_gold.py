"""Quote extraction measured on the Gender Gap Tracker gold set (``../shared/gold/quotes-ggt``).

The floors are the scores reached when they were set, rounded down: a change that lowers one
fails here and has to say why. The definitions are in `api.evaluation.quotes`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from api.evaluation.quotes import format_quote_report, overlap, same_speaker, score_quotes
from api.extract.nlp import load_nlp

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "quotes-ggt"


@pytest.fixture(scope="module")
def scores() -> dict:
    if not (GOLD / "gold.jsonl").is_file():
        pytest.skip(f"{GOLD} is absent: the shared data sits beside the project in CI only")
    return score_quotes(GOLD, load_nlp())


def test_scores_hold(scores):
    report = format_quote_report(scores)
    assert scores["articles"] == 50 and scores["gold"] == 757, report
    assert scores["all"]["0.3"]["f1"] >= 0.87, report
    assert scores["all"]["0.8"]["f1"] >= 0.81, report
    assert scores["direct"]["0.3"]["f1"] >= 0.93, report
    assert scores["direct"]["0.8"]["f1"] >= 0.90, report
    # Speakers depend on the entity resolver too (a person it does not list cannot be named).
    assert scores["speaker_accuracy"] >= 0.89, report


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ((0, 10), (0, 10), 1.0),
        ((0, 10), (0, 20), 0.5),
        ((0, 10), (5, 10), 0.5),
        ((0, 4), (4, 9), 0),
    ],
)
def test_overlap_is_symmetric_over_the_longer_span(gold, predicted, expected):
    assert overlap(gold, predicted) == expected == overlap(predicted, gold)


@pytest.mark.parametrize(
    ("ours", "reference", "right"),
    [
        ("Antony Blinken", "Antony Blinken", True),
        ("Harry Kazianis", "Harry J. Kazianis", True),
        ("Dr. Allan Garland", "Allan Garland", True),
        ("the researchers", "researchers", True),
        ("Garland", "Allan Garland", False),  # a bare surname is not the person
        ("Samsung Electronics", "Samsung Electronics Co.", True),  # a corporate suffix
        ("Rene Levesque", "Ren\u00e9 L\u00e9vesque", True),  # accents
        ("Samsung", "Samsung Electronics Co.", False),  # a short form is not the full name
        ("Mary Nicholson", "Trevor Nicholson", False),
        (None, "Allan Garland", False),
    ],
)
def test_speaker_matching(ours, reference, right):
    assert same_speaker(ours, reference) is right
