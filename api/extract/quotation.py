"""Quotation marks: the one detector of quoted strings, for quotes and entities alike.

`find_quoted_strings` pairs the double quotation marks of a text paragraph by paragraph (a line
of the source), so that a stray mark can never shift the pairing of the rest of the article:
each paragraph starts afresh. A quote left open at the end of a paragraph runs to its end (the
multi-paragraph convention: the next paragraph opens again); a closing mark with no opening one
before it in its paragraph closes a quote that began at the paragraph's start. Straight marks
are told apart by the characters around them; only double marks delimit quotes (single ones are
nested quotes or apostrophes).

TODO: entities still read quotations through `quoted_ranges`, a simpler same-line pairing of
straight and curly marks kept from the entity code; moving them to `find_quoted_strings` changes
which names count as inside a quotation (idioms, speakers), so it belongs with a behaviour change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.extract.lexicon import BULLET_CHARS

OPEN_DOUBLE = "\u201c\u201e\u00ab"  # “ „ «
CLOSE_DOUBLE = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT
"""Every double quotation mark: opening, closing and straight."""


@dataclass(frozen=True, slots=True)
class QuotedString:
    """A pair of quotation marks: ``source[start:end]`` is the text inside them.

    ``open_mark``/``close_mark`` are the offsets of the marks, None where the quote was left
    open at the end of its paragraph or closed without an opening mark in it.
    """

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: the unit within which marks are paired."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


_DOUBLED_SINGLES = {"\u2018\u2018": "\u201c", "\u2019\u2019": "\u201d", "''": '"'}
"""Two single marks typed for a double one ('' and the curly pairs), read as that double."""


def _marks_in(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(offset, width, role) of the double quotation marks of ``text[lo:hi]``."""
    marks = []
    pos = lo
    while pos < hi:
        pair = text[pos : pos + 2]
        if pair in _DOUBLED_SINGLES:
            marks.append((pos, 2, _mark_role(text, pos, 2, _DOUBLED_SINGLES[pair], lo, hi)))
            pos += 2
            continue
        if text[pos] in MARKS:
            marks.append((pos, 1, _mark_role(text, pos, 1, text[pos], lo, hi)))
        pos += 1
    return marks


def _mark_role(text: str, pos: int, width: int, char: str, lo: int, hi: int) -> str:
    """Whether the mark at ``pos`` opens, closes, or could do either (``"either"``)."""
    before = text[pos - 1] if pos > lo else " "
    after = text[pos + width] if pos + width < hi else " "
    open_side = before.isspace() or before in "([{\u2014\u2013-/\u2022" or before in MARKS
    close_side = after.isspace() or after in ".,;:!?)]}\u2014\u2013-/\u2026" or after in MARKS
    if char in OPEN_DOUBLE:
        # A left mark used as a closing one ("word“ " in sloppy text).
        return "close" if close_side and not open_side and not before.isspace() else "open"
    if char in CLOSE_DOUBLE:
        return "open" if open_side and not close_side else "close"
    if open_side and not close_side:
        return "open"
    if close_side and not open_side:
        return "close"
    return "either"


def find_quoted_strings(text: str) -> list[QuotedString]:
    """Pair the double quotation marks of ``text``, paragraph by paragraph.

    Only outermost pairs are returned (a nested quote stays inside its container). Never
    raises, whatever the marks: an unbalanced paragraph cannot affect the next one.
    """
    found: list[QuotedString] = []
    for lo, hi in paragraphs(text):
        marks = _marks_in(text, lo, hi)
        stack: list[tuple[int, int]] = []
        for index, (pos, width, role) in enumerate(marks):
            if not stack:
                if role != "close":
                    stack.append((pos, width))
                elif index == 0:
                    # Closes a quote opened in an earlier paragraph: it runs from this one's start.
                    start = skip_bullet(text, lo, pos)
                    found.append(QuotedString(start, pos, None, pos))
                continue
            if role == "open":
                closers = sum(1 for _, _, later in marks[index + 1 :] if later != "open")
                if closers >= len(stack) + 1:
                    stack.append((pos, width))  # a nested quote with the same marks
                    continue
            opened, opened_width = stack.pop()
            if not stack:
                found.append(QuotedString(opened + opened_width, pos, opened, pos))
        if stack:
            opened, opened_width = stack[0]
            end = hi
            while end > opened + opened_width and text[end - 1].isspace():
                end -= 1
            found.append(QuotedString(opened + opened_width, end, opened, None))
    return [q for q in found if text[q.start : q.end].strip()]


def skip_bullet(text: str, lo: int, hi: int) -> int:
    start = lo
    while start < hi and text[start] in BULLET_CHARS:
        start += 1
    return start


QUOTATION = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
"""A straight or curly pair of double marks within one line (the entities' reading; see TODO)."""


def quoted_ranges(source: str) -> list[tuple[int, int]]:
    """The (start, end) of every quotation in ``source``, marks included, within one line."""
    return [m.span() for m in QUOTATION.finditer(source)]


def inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies within one of ``ranges``."""
    return any(a <= start and end <= b for a, b in ranges)
