"""The main text and its structure, from trafilatura's reading of the page.

trafilatura finds the article's main text and keeps its structure (subheadings, paragraphs,
lists, bold runs, images); this module maps that structure onto the product's pieces
(subheadings -> section labels, a bold lead-in "Why it matters:" -> a label, list items ->
bullets), drops what stands before the headline and what is a caption or a link elsewhere on the
page, and opens the body with the page's standfirst where trafilatura left it out.
"""

from __future__ import annotations

from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from api.extract.formats.html.compare import fold, similar
from api.extract.formats.html.metadata import ld_text
from api.extract.formats.render import Piece, clean

LABEL_WORDS = 8  # a bold lead-in longer than this is a sentence, not a label
_HEADING_WORDS = 25


def main_text(page: str, url: str | None):
    """trafilatura's reading of the page (its main text as a tree, structure and formatting
    kept), or None when it finds no main text. Without links: with them, trafilatura drops
    subheadings that carry an anchor; link-only paragraphs are told by `link_texts`."""
    return trafilatura.bare_extraction(
        page, url=url, include_comments=False, include_images=True, include_formatting=True,
        include_links=False, include_tables=True, with_metadata=False, deduplicate=False)


def _text(element: etree._Element) -> str:
    return clean("".join(element.itertext()))


def _lines(element: etree._Element) -> list[str]:
    """The element's text, split where it breaks its line (``<br>``): a CMS writes
    paragraphs as lines of one block as often as it writes ``<p>`` elements."""
    lines: list[list[str]] = [[]]

    def walk(node: etree._Element) -> None:
        if node.tag == "lb":
            lines.append([])
        else:
            lines[-1].append(node.text or "")
            for child in node:
                walk(child)
        if node is not element:
            lines[-1].append(node.tail or "")

    walk(element)
    return [line for line in (clean("".join(parts)) for parts in lines) if line]


def link_texts(tree: lxml.html.HtmlElement) -> set[str]:
    """The folded text of every link of the page that reads like a title (four words or
    more): a piece of the main text that is wholly one of them is a related story or a menu
    entry, not the article."""
    found: set[str] = set()
    for link in tree.iter("a"):
        text = fold(link.text_content())
        if len(text.split()) >= 4:
            found.add(text)
    return found


def body_pieces(root: etree._Element | None
                ) -> tuple[list[Piece], list[tuple[str, str]], str | None]:
    """The body's pieces, the (src, alt) of its images, and its first ``h1`` (its headline)."""
    pieces: list[Piece] = []
    images: list[tuple[str, str]] = []
    h1: str | None = None
    if root is None:
        return pieces, images, h1
    for element in root.iter("head", "p", "item", "graphic", "quote", "row"):
        tag = element.tag
        if _inside(element, "item") and tag != "graphic" or (
                tag in ("p", "head") and _inside(element, "quote", "cell")):
            continue  # counted with the list item or quote that holds it
        if tag == "graphic":
            if element.get("src"):
                images.append((element.get("src"), element.get("alt") or ""))
            continue
        text = _text(element)
        if not text:
            continue
        if tag == "head":
            if element.get("rend") == "h1" and h1 is None:
                h1 = text
            if len(text.split()) <= _HEADING_WORDS:
                pieces.append(Piece("heading", text))
            else:
                pieces.append(Piece("paragraph", text))
        elif tag == "item":
            pieces.append(Piece("bullet", text))
        elif tag == "row":
            cells = [_text(cell) for cell in element.iter("cell")]
            pieces.append(Piece("paragraph", " | ".join(c for c in cells if c)))
        elif element.find(".//lb") is not None:
            lines = _lines(element)
            first = _paragraph(element, text)
            if first.label or first.kind == "heading" or len(lines) < 2:
                pieces.append(first)
            else:
                pieces.extend(Piece("paragraph", line) for line in lines)
        else:
            pieces.append(_paragraph(element, text))
    return pieces, images, h1


def _inside(element: etree._Element, *tags: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _paragraph(element: etree._Element, text: str) -> Piece:
    """A paragraph; one that opens with a short bold phrase ending in a colon ("Why it
    matters:") is that label's lead-in, and one that is wholly bold and short is a
    subheading."""
    first = next(iter(element), None)
    lead_text = clean(element.text)
    if first is not None and first.tag == "hi" and "#b" in (first.get("rend") or "") \
            and not lead_text:
        bold = _text(first)
        if bold == text and len(text.split()) <= _HEADING_WORDS and text[-1:] not in ".!?:;,\"”":
            return Piece("heading", text)
        label = bold.rstrip()
        rest = text[len(bold):].lstrip() if text.startswith(bold) else None
        if label.endswith(":"):
            label = label[:-1].rstrip()
        elif rest is not None and rest.startswith(":"):
            rest = rest[1:].lstrip()
        else:
            label = ""
        if label and rest is not None and len(label.split()) <= LABEL_WORDS:
            return Piece("paragraph", rest, label=label)
    return Piece("paragraph", text)


def drop_headline(pieces: list[Piece], headline: str | None) -> list[Piece]:
    """The body without what stands before the headline (kickers, breadcrumbs) and without the
    headline itself; a heading before the first paragraph is the standfirst: a paragraph."""
    folded = fold(headline)
    for index, piece in enumerate(pieces[:10]):
        if folded and (fold(piece.text) == folded or piece.kind == "heading"
                       and similar(fold(piece.text), folded)):
            pieces = pieces[index + 1:]
            break
    result: list[Piece] = []
    for index, piece in enumerate(pieces):
        if piece.kind == "heading" and not any(p.kind != "heading" for p in pieces[:index]):
            result.append(Piece("paragraph", piece.text))
        else:
            result.append(piece)
    return result


def without_captions(pieces: list[Piece], captions: list[str]) -> list[Piece]:
    """The pieces that are not a figure's caption (kept with its image instead)."""
    folded = [fold(caption) for caption in captions]
    return [piece for piece in pieces if not any(
        fold(piece.text) == caption or similar(fold(piece.text), caption)
        for caption in folded)]


def with_standfirst(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
                    pieces: list[Piece]) -> list[Piece]:
    """The pieces, opened by the page's standfirst when the main text left it out: the
    page's description (JSON-LD, Open Graph, ``<meta>``) when the page shows it in its body."""
    description = clean(ld_text(ld.get("description")) or meta_tags.get("og:description")
                        or meta_tags.get("description"))
    folded = fold(description)
    if not folded or any(fold(piece.text) == folded or similar(fold(piece.text), folded)
                         for piece in pieces[:8]):
        return pieces
    body = tree.find(".//body")
    if body is None:
        return pieces
    # One pass over the body's visible text (not a text_content() per element: quadratic).
    visible = fold(" ".join(body.xpath(
        ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")))
    shown = folded in visible
    return [Piece("paragraph", description), *pieces] if shown else pieces
