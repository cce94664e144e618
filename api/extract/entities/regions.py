"""Regions: the parts of an article that are read for entities, with their salience weights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from api.extract.records import ParsedArticle

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Field weights for salience: a name in the headline or lead says more about what the article is
# about than one in the tenth paragraph; a photo credit says almost nothing.
HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
IMAGE_WEIGHT = 1.0
CREDIT_WEIGHT = 0.2
BODY_WEIGHT = 1.0


@dataclass(slots=True)
class Region:
    """A stretch of source text that is read for entities, with its salience weight."""

    start: int
    end: int
    weight: float
    kind: str  # "headline" | "image" | "credit" | "lead" | "body"


def article_regions(article: ParsedArticle) -> list[Region]:
    """The parts of the article that are read, in source order, with their salience weights.

    The image texts carry no offsets in `ParsedArticle`, so they are found in the source, each
    after the previous one; a text that cannot be found is skipped.
    """
    source = article.source
    regions: list[Region] = []
    cursor = 0

    def locate(text: str | None, weight: float, kind: str) -> None:
        nonlocal cursor
        if not text:
            return
        start = source.find(text, cursor)
        if start < 0:
            return
        regions.append(Region(start, start + len(text), weight, kind))
        cursor = start + len(text)

    locate(article.headline, HEADLINE_WEIGHT, "headline")
    locate(article.image.alt, IMAGE_WEIGHT, "image")
    locate(article.image.caption, IMAGE_WEIGHT, "image")
    locate(article.image.credit, CREDIT_WEIGHT, "credit")
    if article.lead is not None:
        regions.append(Region(article.lead.start, article.lead.end, LEAD_WEIGHT, "lead"))
    for section in article.sections:
        start = section.start
        if section.label:
            # The label ("Why it matters:") is layout, not prose.
            colon = source.find(":", start, section.end)
            start = colon + 1 if colon >= 0 else start
        regions.append(Region(start, section.end, BODY_WEIGHT, "body"))
    regions.sort(key=lambda r: r.start)
    return regions


def region_at(regions: list[Region], offset: int) -> Region | None:
    for region in regions:
        if region.start <= offset < region.end:
            return region
    return None


def in_credit(regions: list[Region], offset: int) -> bool:
    region = region_at(regions, offset)
    return region is not None and region.kind == "credit"


def token_at(doc: Doc, offset: int) -> Token | None:
    """The token that starts at ``offset``, or None when no token does."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and span[0].idx == offset else None
