"""Quotation marks (`api.extract.quotation`): pairing within paragraphs."""

from __future__ import annotations

import pytest

from api.extract.quotation import find_quoted_strings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("He said \u201cyes\u201d and \u201cno\u201d.", ["yes", "no"]),
        # nested: single marks inside double ones, and doubled straight marks
        (
            "\u201cShe said \u2018never\u2019 twice,\u201d he said.",
            ["She said \u2018never\u2019 twice,"],
        ),
        ('"He called it "a disaster" today," she said.', ['He called it "a disaster" today,']),
        # a quote left open at a paragraph's end runs to that end; the next paragraph reopens
        ('"We build.\n\n"And finish it," he said.', ["We build.", "And finish it,"]),
        # an unbalanced paragraph does not shift the pairing of the next one
        ('He said "this is broken.\n\nThen "fine" came.', ["this is broken.", "fine"]),
        # a closing mark with no opening one closes a quote begun at the paragraph's start
        ('Begun before\n\nthe end," he said. Then "new" words.', ["the end,", "new"]),
        ("No marks here.", []),
        ('"', []),
        ('""', []),
    ],
)
def test_quotation_marks_pair_within_paragraphs(text, expected):
    assert [text[q.start : q.end] for q in find_quoted_strings(text)] == expected
