"""RSS 2.0 and Atom feeds whose items carry their content: each item is an article.

An item's identity is the SHA-256 of its own element's bytes as they stand in the feed
(``<item>...</item>`` or ``<entry>...</entry>``), which are also kept as its source: the same
item in a later fetch of the feed, unchanged, is the same article, and the feed's other items
coming and going changes nothing about it. When the elements cannot be told apart in the bytes
(a feed that feedparser reads but whose items are not plain ``<item>``/``<entry>`` elements),
an item's bytes are its canonical JSON form instead (sorted keys, UTF-8).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import feedparser

from api.extract.formats.html import fragment_pieces
from api.extract.formats.meta import author_names, date_of, domain_of, iso_timestamp, language_tag
from api.extract.formats.render import Piece, clean, render
from api.extract.records import ArticleMeta, Image, ParsedArticle

_ITEM = re.compile(rb"<(item|entry)(?=[\s>])[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


@dataclass(slots=True)
class FeedItem:
    """One item of a feed: its own bytes and the article read from it."""

    data: bytes
    media_type: str
    parsed: ParsedArticle


class EmptyFeed(ValueError):
    """A feed none of whose items carries content."""


def read_feed(data: bytes) -> list[FeedItem]:
    """The articles of a feed, in the feed's order; items with no text are left out.

    Raises `EmptyFeed` when no item has text.
    """
    feed = feedparser.parse(data)
    kind = "atom" if feed.version.startswith("atom") else "rss"
    media_type = f"application/{kind}+xml"
    raw = [match.group(0) for match in _ITEM.finditer(data)]
    if len(raw) != len(feed.entries):
        raw = [json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False).encode()
               for entry in feed.entries]
    publisher = clean(feed.feed.get("title")) or None
    language = language_tag(feed.feed.get("language"))
    items: list[FeedItem] = []
    for entry, item_bytes in zip(feed.entries, raw, strict=True):
        pieces = _content(entry)
        if not pieces:
            continue
        items.append(FeedItem(item_bytes, media_type,
                              _article(entry, pieces, kind, media_type, publisher, language)))
    if not items:
        raise EmptyFeed("the feed has no item that carries its text")
    return items


def _content(entry) -> list[Piece]:
    """The item's text: its full content (``content:encoded``, Atom ``content``), else its
    ``description`` / ``summary``."""
    values = [c.get("value", "") for c in entry.get("content") or []]
    values.append(entry.get("summary") or "")
    for value in values:
        if value and value.strip():
            return fragment_pieces(value)
    return []


def _article(entry, pieces: list[Piece], kind: str, media_type: str, publisher: str | None,
             language: str | None) -> ParsedArticle:
    url = clean(entry.get("link")) or None
    names = [clean(a.get("name")) for a in entry.get("authors") or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [clean(entry.get("author"))]
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
    published_at = iso_timestamp(dict.get(entry, "published") or dict.get(entry, "updated"))
    modified_at = iso_timestamp(dict.get(entry, "updated"))
    keywords = [clean(tag.get("term")) for tag in entry.get("tags") or [] if tag.get("term")]
    images = [Image(url=clean(m.get("url")) or None, caption=clean(m.get("title")) or None)
              for m in entry.get("media_content") or [] if m.get("url")]
    meta = ArticleMeta(
        format=kind,
        media_type=media_type,
        url=url,
        uri=clean(entry.get("id")) or url,
        publisher_name=publisher,
        publisher_domain=domain_of(url),
        authors=author_names(names, publisher),
        published_at=published_at,
        modified_at=modified_at if modified_at != published_at else None,
        language=language_tag(entry.get("language")) or language,
        keywords=list(dict.fromkeys(k for k in keywords if k)),
    )
    return render(entry.get("title"), pieces, published=date_of(published_at),
                  category=keywords[0] if keywords else None, images=images, meta=meta)
