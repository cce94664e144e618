"""IPTC ninjs items, 1.x to 3.x: the news agencies' JSON.

The versions name the same things differently (1.x ``headline``, ``body_html``; 2.x
``headlines``, ``bodies``; 3.x camelCase ``versionCreated``...): keys are read without regard to
case, and each field is looked up under each of its names. ``people``, ``organisations`` and
``places`` (1.x: ``person``, ``organisation``, ``place``) become entity hints; ``subjects``
(1.x ``subject``) keywords; ``by`` (1.x ``byline``) the authors.
"""

from __future__ import annotations

import re
from typing import Any

from api.extract.formats.html import fragment_pieces
from api.extract.formats.meta import (
    author_names,
    byline_organisation,
    date_of,
    domain_of,
    iso_timestamp,
    language_tag,
)
from api.extract.formats.render import Piece, clean, render
from api.extract.records import ArticleMeta, EntityHint, Image, ParsedArticle

NINJS_KEYS = frozenset({"uri", "headline", "headlines", "body_html", "body_text", "bodies",
                        "versioncreated", "firstcreated", "type", "byline", "by"})
# ninjs 2.x and 3.x name them in the plural, 1.x in the singular.
_HINT_TYPES = (("people", "PERSON"), ("person", "PERSON"), ("organisations", "ORG"),
               ("organisation", "ORG"), ("places", "GPE"), ("place", "GPE"))


def looks_like_ninjs(item: Any) -> bool:
    """Whether a decoded JSON value is a ninjs item: an object with a ``uri`` and a headline
    or body, in any version's spelling."""
    if not isinstance(item, dict):
        return False
    keys = {key.lower() for key in item}
    return "uri" in keys and bool(keys & {"headline", "headlines", "body_html", "body_text",
                                          "bodies", "descriptions"})


def _lower(item: dict[str, Any]) -> dict[str, Any]:
    return {key.lower(): value for key, value in item.items()}


def _by_role(values: Any, *roles: str) -> list[dict[str, Any]]:
    """The entries of a ninjs list (``headlines``, ``bodies``...) for ``roles``, in that
    order of preference, then the rest."""
    entries = [_lower(v) for v in values if isinstance(v, dict)] if isinstance(values, list) else []
    ranked = [e for role in roles for e in entries if (e.get("role") or "main") == role]
    return ranked + [e for e in entries if e not in ranked]


def read_ninjs(item: dict[str, Any], *, media_type: str = "application/json") -> ParsedArticle:
    """The article of one ninjs item (already decoded)."""
    data = _lower(item)
    warnings: list[str] = []
    headline = clean(data.get("headline")) or next(
        (clean(e.get("value")) for e in _by_role(data.get("headlines"), "main")), None)
    pieces = _body(data)
    if pieces and headline and clean(pieces[0].text).casefold() == headline.casefold():
        pieces = pieces[1:]  # the body repeats the headline as its title
    if data.get("type") not in (None, "text", "composite"):
        warnings.append(f"the ninjs item is of type {data.get('type')!r}, not text")
    byline = clean(data.get("by") or data.get("byline"))
    publisher = clean(data.get("copyrightholder")) or byline_organisation([byline]) or None
    authors = author_names([byline], publisher)
    published_at = iso_timestamp(data.get("firstcreated") or data.get("versioncreated"))
    modified_at = iso_timestamp(data.get("versioncreated"))
    uri = clean(data.get("uri")) or None
    url = next((clean(link.get("href")) for link in data.get("links") or []
                if isinstance(link, dict) and link.get("href")
                and (link.get("rel") in (None, "canonical", "self"))), None)
    hints = [EntityHint(clean(entry.get("name")), kind)
             for key, kind in _HINT_TYPES for entry in _entries(data.get(key))
             if clean(entry.get("name"))]
    keywords = [clean(s.get("name")) for key in ("subjects", "subject")
                for s in _entries(data.get(key)) if clean(s.get("name"))]
    keywords += [clean(k) for k in data.get("keywords") or [] if isinstance(k, str)]
    meta = ArticleMeta(
        format="ninjs",
        media_type=media_type,
        url=url,
        uri=uri,
        publisher_name=publisher,
        publisher_domain=domain_of(url),
        authors=authors,
        published_at=published_at,
        modified_at=modified_at if modified_at != published_at else None,
        language=language_tag(data.get("language")),
        keywords=list(dict.fromkeys(keywords)),
        entity_hints=hints,
    )
    return render(headline, pieces, published=date_of(published_at),
                  category=keywords[0] if keywords else None,
                  images=_images(data), meta=meta, warnings=warnings)


def _entries(value: Any) -> list[dict[str, Any]]:
    """The objects of a ninjs list (``subjects``, ``people``...); a lone object as a list."""
    values = value if isinstance(value, list) else [value]
    return [entry for entry in values if isinstance(entry, dict)]


def _body(data: dict[str, Any]) -> list[Piece]:
    if isinstance(data.get("body_html"), str):
        return fragment_pieces(data["body_html"])
    if isinstance(data.get("body_text"), str):
        return _text_pieces(data["body_text"])
    for body in _by_role(data.get("bodies"), "main", "html", "text"):
        value = body.get("value")
        if not isinstance(value, str) or not value.strip():
            continue
        kind = (body.get("contenttype") or body.get("role") or "").lower()
        return fragment_pieces(value) if "html" in kind else _text_pieces(value)
    for description in _by_role(data.get("descriptions"), "text", "summary", "caption"):
        if isinstance(description.get("value"), str):
            return _text_pieces(description["value"])
    return []


def _text_pieces(text: str) -> list[Piece]:
    """Paragraphs of a plain-text body: separated by blank lines, or by line breaks when the
    text has no blank line."""
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    return [Piece("paragraph", part) for part in parts if part.strip()]


def _images(data: dict[str, Any]) -> list[Image]:
    """Pictures among the item's ``associations``, each with its caption and credit."""
    associations = data.get("associations") or {}
    values = associations.values() if isinstance(associations, dict) else associations
    images: list[Image] = []
    for association in values:
        if not isinstance(association, dict):
            continue
        picture = _lower(association)
        if picture.get("type") not in ("picture", "graphic", None):
            continue
        descriptions = {e.get("role"): clean(e.get("value")) for e in
                        _by_role(picture.get("descriptions"))}
        renditions = picture.get("renditions") or {}
        renditions = renditions.values() if isinstance(renditions, dict) else renditions
        href = next((r.get("href") for r in renditions if isinstance(r, dict) and r.get("href")),
                    None)
        images.append(Image(
            alt=descriptions.get("alt") or None,
            caption=descriptions.get("caption") or clean(picture.get("body_text")) or None,
            credit=descriptions.get("creditline") or clean(picture.get("by")) or None,
            url=href or clean(picture.get("uri")) or None,
        ))
    return images
