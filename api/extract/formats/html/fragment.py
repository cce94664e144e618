"""HTML fragments that are all content (a ninjs body, a feed entry's content)."""

from __future__ import annotations

import re

import lxml.html

from api.extract.formats.html.body import LABEL_WORDS
from api.extract.formats.render import Piece, clean

_FRAGMENT_BLOCKS = {"p": "paragraph", "li": "bullet", "blockquote": "paragraph",
                    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
                    "h5": "heading", "h6": "heading", "pre": "paragraph", "dd": "paragraph"}


def fragment_pieces(fragment: str) -> list[Piece]:
    """The pieces of an HTML fragment that is all content (no page around it): its paragraphs,
    list items and headings, and its loose text as paragraphs."""
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for junk in root.xpath("//script|//style|//figure|//figcaption"):
        junk.drop_tree()
    pieces: list[Piece] = []
    blocks = [e for e in root.iter() if isinstance(e.tag, str) and e.tag in _FRAGMENT_BLOCKS
              and not any(a.tag in _FRAGMENT_BLOCKS for a in e.iterancestors())]
    if not blocks:
        return [Piece("paragraph", part) for part in re.split(r"\n\s*\n", root.text_content())
                if part.strip()]
    for element in blocks:
        kind = _FRAGMENT_BLOCKS[element.tag]
        text = clean(element.text_content())
        if not text:
            continue
        if kind == "paragraph":
            first = next(iter(element), None)
            if (first is not None and first.tag in ("b", "strong") and not clean(element.text)
                    and clean(first.text_content()).endswith(":")):
                label = clean(first.text_content())[:-1].strip()
                if label and len(label.split()) <= LABEL_WORDS:
                    pieces.append(Piece("paragraph", text[len(label) + 1:].strip(), label=label))
                    continue
        pieces.append(Piece(kind, text))
    return pieces
