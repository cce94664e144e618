"""Quote extraction measured on the Gender Gap Tracker gold set (``../shared/gold/quotes-ggt``).

The floors are the scores reached when they were set, rounded down: a change that lowers one
fails here and has to say why. The definitions are in `api.evaluation.quotes`.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from api.evaluation.quotes import (
    format_quote_report,
    overlap,
    same_speaker,
    score_quotes,
    served_quote_rows,
    write_shared_format,
)
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


def _served(kind, start, end, speaker=None, speaker_text=None):
    return SimpleNamespace(
        kind=kind, start=start, end=end, speaker_text=speaker_text,
        speaker=SimpleNamespace(name=speaker) if speaker else None,
    )  # fmt: skip


def test_shared_rows_leave_out_a_quote_inside_reported_speech():
    rows = served_quote_rows(
        [
            _served("indirect", 10, 80, "Antony Blinken", "Blinken"),
            _served("partial", 40, 52, "Antony Blinken", "Blinken"),  # inside the one above
            _served("direct", 90, 120, None, "a spokeswoman"),  # no record: the words
            _served("partial", 130, 140),
        ]
    )
    assert rows == [
        {"start": 10, "end": 80, "speaker": "Antony Blinken", "direct": False},
        {"start": 90, "end": 120, "speaker": "a spokeswoman", "direct": True},
        {"start": 130, "end": 140, "speaker": None, "direct": True},
    ]


def test_shared_format_files_hold_the_served_quotes(tmp_path):
    gold_dir = tmp_path / "gold"
    (gold_dir / "txt").mkdir(parents=True)
    text = 'Storm hits coast\n\n"We are ready," Mayor Jane Roe said on Monday.\n'
    (gold_dir / "txt" / "doc.txt").write_text(text, encoding="utf-8")
    gold = {"doc_id": "doc", "text_file": "txt/doc.txt", "quotes": []}
    (gold_dir / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    paths = write_shared_format(gold_dir, load_nlp(), tmp_path / "out")
    rows = [json.loads(line) for line in paths["pred"].read_text().splitlines()]
    start = text.index("We are")
    assert rows == [
        {
            "doc_id": "doc",
            "quotes": [
                {"start": start, "end": start + 13, "speaker": "Jane Roe", "direct": True}
            ],
        }
    ]
    # sha256("doc") starts with "1": it is held out, in the held-out and all gold files only.
    assert [len(paths[s].read_text().splitlines()) for s in ("dev", "held-out", "all")] == [
        0, 1, 1
    ]
