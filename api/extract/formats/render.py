"""The one plain-text rendering of a structured article, and its `ParsedArticle`.

The readers of structured formats (HTML pages, ninjs items, feed entries) reduce a document to a
headline and a list of `Piece` (paragraphs, bullets, subheadings, labelled lead-ins); `render`
writes them out as plain text, one piece per paragraph separated by a blank line, and records
where each one lands. That text is what is stored as the article's source, what the language
model reads (never markup) and what every offset points into: ``source[start:end] == text``
holds for each span of the result, as it does for a text file.

Layout of the text::

    Headline

    The lead paragraph.

    A subheading

    A paragraph under it.

    • A bullet.

    Why it matters: a paragraph with a bold lead-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from api.extract.parse import slugify_label
from api.extract.records import ArticleMeta, Block, Image, ParsedArticle, Section, Span

BULLET_MARK = "• "
_SPACES = re.compile(r"\s+")
_MAX_LABEL = 200  # the stored label's width


@dataclass(slots=True)
class Piece:
    """One element of an article's body, in reading order.

    ``kind`` is "paragraph", "bullet" or "heading"; ``label`` a paragraph's bold lead-in
    ("Why it matters"), without its colon, which opens a labelled section like a heading does.
    """

    kind: str
    text: str
    label: str | None = None


def clean(text: str | None) -> str:
    """``text`` on one line: every run of whitespace one space, trimmed."""
    return _SPACES.sub(" ", text or "").strip()


def render(
    headline: str | None,
    pieces: list[Piece],
    *,
    published: date | None = None,
    category: str | None = None,
    images: list[Image] | None = None,
    meta: ArticleMeta | None = None,
    warnings: list[str] | None = None,
) -> ParsedArticle:
    """The article's text and layout: the headline, then each piece as a paragraph.

    The first paragraph before any heading or label is the lead; the paragraphs after it and
    before the first heading make an unlabelled section; each heading or lead-in label opens a
    labelled section holding the pieces up to the next one.
    """
    parts: list[str] = []
    length = 0

    def write(text: str) -> int:
        nonlocal length
        if parts:
            parts.append("\n\n")
            length += 2
        parts.append(text)
        start = length
        length += len(text)
        return start

    warnings = list(warnings or [])
    headline = clean(headline) or None
    if headline:
        write(headline)
    else:
        warnings.append("no headline found")
    lead: Span | None = None
    sections: list[Section] = []
    current: Section | None = None
    for piece in pieces:
        text = clean(piece.text)
        if piece.kind == "heading":
            if not text:
                continue
            start = write(text)
            label = text[:_MAX_LABEL]
            current = Section(label, slugify_label(label)[:_MAX_LABEL] or None, start,
                              start + len(text))
            sections.append(current)
            continue
        label = clean(piece.label)[:_MAX_LABEL] or None
        if not text and not label:
            continue
        if label:
            line = f"{label}: {text}" if text else f"{label}:"
            start = write(line)
            current = Section(label, slugify_label(label)[:_MAX_LABEL] or None, start,
                              start + len(label))
            sections.append(current)
            if not text:
                continue
            block_start = start + len(label) + 2
        elif piece.kind == "bullet":
            block_start = write(BULLET_MARK + text) + len(BULLET_MARK)
        else:
            block_start = write(text)
            if lead is None and not sections:
                lead = Span(block_start, block_start + len(text), text)
                continue
        if current is None:
            current = Section(None, None, block_start, block_start)
            sections.append(current)
        kind = "bullet" if piece.kind == "bullet" else "paragraph"
        current.blocks.append(Block(kind, block_start, block_start + len(text), text))
        current.end = block_start + len(text)
    source = "".join(parts) + "\n" if parts else ""
    if lead is None and not any(s.blocks for s in sections):
        warnings.append("no body text")
    images = list(images or [])
    return ParsedArticle(
        source=source,
        headline=headline,
        published=published,
        category=category,
        image=images[0] if images else Image(),
        lead=lead,
        sections=sections,
        warnings=warnings,
        images=images,
        meta=meta or ArticleMeta(),
    )
