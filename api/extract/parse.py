"""The layout parser: an article's stored text in, a `ParsedArticle` out.

It reads the Axios layout (a date/category line, the headline, an optional image alt text and
credited caption, the lead, then sections opened by a short label and a colon) and the plainer
wire layout (headline, then paragraphs), which is the same layout with the optional parts
missing. Every span it produces indexes the source as given: ``source[start:end] == text``.

Pure code: no Flask, no database, no language model. It never raises on a ``str``; whatever
it cannot make sense of is reported in ``ParsedArticle.warnings`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.extract.layout import (
    LINKS_HEADING,
    Line,
    read_header,
    slugify_label,
    split_bullet,
    split_label,
    split_lines,
)
from api.extract.records import Block, Image, ParsedArticle, Section, Span

__all__ = ["parse_article", "slugify_label"]


# --- the body --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Opening:
    """A section's opening: its label and where the label starts and ends in the source."""

    label: str
    start: int
    end: int


@dataclass(slots=True)
class _LinksHeading:
    """The heading of the link list that ends an article ("Go deeper")."""

    text: str


_BodyItem = _Opening | _LinksHeading | Block


def _read_body(lines: list[Line], source: str) -> list[_BodyItem]:
    """The body's section openings, paragraphs, bullets and link-list heading, in order.

    A paragraph runs on across lines with no blank line between them; a bullet runs on across
    the lines indented deeper than its marker. The lines under a bare "Go deeper" heading are
    link titles, up to the next label: they are left out.
    """
    items: list[_BodyItem] = []
    open_block: Block | None = None  # the block a following line may run on into
    open_block_indent = 0
    in_link_list = False
    for line in lines:
        heading = LINKS_HEADING.match(line.text)
        label = None if heading else split_label(line.text)
        bullet_text = None if heading or label else split_bullet(line.text)
        if heading:
            items.append(_LinksHeading(heading["heading"]))
            open_block, in_link_list = None, True
            continue
        if label is not None:
            in_link_list = False
            items.append(_Opening(label.text, line.start, line.start + len(label.text)))
            open_block = None
            if label.rest < len(line.text):
                open_block = _block("paragraph", line, label.rest)
                open_block_indent = line.indent
                items.append(open_block)
            continue
        if in_link_list:
            continue
        if bullet_text is not None:
            open_block = _block("bullet", line, bullet_text)
            open_block_indent = line.indent
            items.append(open_block)
            continue
        if open_block is not None and _runs_on(open_block, open_block_indent, line):
            _extend(open_block, line, source)
            continue
        open_block = _block("paragraph", line, 0)
        open_block_indent = line.indent
        items.append(open_block)
    return items


def _block(kind: str, line: Line, text_start: int) -> Block:
    """A block holding ``line`` from ``text_start`` on (past a label or bullet marker)."""
    text = line.text[text_start:].strip()
    start = line.start + line.text.index(text, text_start)
    return Block(kind=kind, start=start, end=start + len(text), text=text)


def _runs_on(block: Block, block_indent: int, line: Line) -> bool:
    """Whether ``line`` continues ``block`` rather than starting a new paragraph."""
    if line.after_blank:
        return False
    if block.kind == "bullet":
        return line.indent > block_indent
    return True


def _extend(block: Block, line: Line, source: str) -> None:
    """Stretch ``block`` over ``line``; its text keeps the line break, as the source has it."""
    block.end = line.end
    block.text = source[block.start : block.end]


# --- assembling the article ------------------------------------------------------------------


def _assemble(
    items: list[_BodyItem],
) -> tuple[Span | None, list[Section], str | None]:
    """``(lead, sections, links_heading)`` from the body items, in order.

    The lead is the first paragraph when it comes before any label; the paragraphs between the
    lead and the first label make an unlabelled section.
    """
    lead: Span | None = None
    remaining = items
    if items and isinstance(items[0], Block) and items[0].kind == "paragraph":
        lead = Span(items[0].start, items[0].end, items[0].text)
        remaining = items[1:]
    sections: list[Section] = []
    links_heading: str | None = None
    current: Section | None = None
    for item in remaining:
        if isinstance(item, _LinksHeading):
            links_heading, current = item.text, None
        elif isinstance(item, _Opening):
            current = Section(item.label, slugify_label(item.label), item.start, item.end)
            sections.append(current)
        else:
            if current is None:
                current = Section(None, None, item.start, item.end)
                sections.append(current)
            current.blocks.append(item)
            current.end = item.end
    return lead, sections, links_heading


# --- public API ------------------------------------------------------------------------------


def parse_article(source: str) -> ParsedArticle:
    """The layout of the article whose stored text is ``source``.

    ``source`` is the text as stored (decoded, BOM stripped): every span in the result indexes
    it as it is. Never raises on a ``str``; oddities (no headline, a date line that does not
    parse, no lead) are listed in ``warnings``.
    """
    lines = split_lines(source)
    if not lines:
        return ParsedArticle(
            source=source,
            headline=None,
            published=None,
            category=None,
            image=Image(),
            lead=None,
            sections=[],
            warnings=["empty article"],
        )
    header = read_header(lines)
    warnings = list(header.warnings)
    body_lines = lines[header.body_start :]
    items = _read_body(body_lines, source)
    lead, sections, links_heading = _assemble(items)
    if header.headline is not None and not body_lines:
        warnings.append("no body text")
    elif body_lines and lead is None:
        warnings.append("no lead paragraph: the body opens with a label or a list")
    return ParsedArticle(
        source=source,
        headline=header.headline,
        published=header.published,
        category=header.category,
        image=header.image,
        lead=lead,
        sections=sections,
        links_heading=links_heading,
        warnings=warnings,
    )
