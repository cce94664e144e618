"""The readers: a file's bytes and media type in, one or more parsed articles out.

`read_articles` is the one entry point. It tells the format from the content first and from the
declared media type where that names a format the product reads (never from a file name), then
hands the bytes to the reader of that format:

- ``text``: the Axios and wire layouts (`api.extract.parse`);
- ``html``: a web page (`formats.html`: trafilatura plus the page's own metadata);
- ``ninjs``: an IPTC ninjs item, 1.x to 3.x, or a JSON list of them (`formats.ninjs`);
- ``rss`` / ``atom``: a feed, each item that carries content one article (`formats.feed`).

Each article comes with its own bytes, whose SHA-256 is its identity: the file's bytes for
everything but a feed, whose items each have their own (see `formats.feed`). Pure code: no
Flask, no database, no language model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from api.extract.formats.feed import EmptyFeed, read_feed
from api.extract.formats.html import read_html
from api.extract.formats.ninjs import looks_like_ninjs, read_ninjs
from api.extract.parse import parse_article
from api.extract.read import UnreadableArticle, check_bytes, decode_article
from api.extract.records import ArticleMeta, ParsedArticle

__all__ = ["ReadArticle", "detect_format", "read_articles"]

FORMATS = ("text", "html", "ninjs", "rss", "atom")

_DECLARED = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/ninjs+json": "ninjs",
}
_XML_PROLOG = re.compile(rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*", re.DOTALL)
_FEED_ROOT = re.compile(rb"^<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_MARK = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|"
                        rb"<(?:p|div|article|h1|h2)[\s>]", re.IGNORECASE)


@dataclass(slots=True)
class ReadArticle:
    """One article read from a file: its own bytes (its identity) and its layout."""

    data: bytes
    parsed: ParsedArticle


def detect_format(data: bytes, media_type: str | None = None) -> str:
    """``text``, ``html``, ``json``, ``ninjs`` (declared so), ``feed`` or ``xml`` (XML the
    product does not read).

    A declared media type that names one of the formats decides; otherwise (``text/plain``,
    ``application/octet-stream``, nothing) the content does: a saved web page sent as text is
    still a web page.
    """
    declared = _DECLARED.get((media_type or "").split(";")[0].strip().lower())
    if declared:
        return declared
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")) and _is_json(data):
        return "json"
    if head.startswith(b"<"):
        start = _XML_PROLOG.match(head)
        rest = head[start.end() if start else 0:]
        if _FEED_ROOT.match(rest):
            return "feed"
        if _HTML_MARK.search(head):
            return "html"
        if head.startswith(b"<?xml"):
            return "xml"
    return "text"


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def read_articles(data: bytes, media_type: str | None = None,
                  max_bytes: int | None = None) -> list[ReadArticle]:
    """The articles in a file. Raises `UnreadableArticle`, with the reason, for a file the
    product cannot read (empty, binary, too large, JSON that is not ninjs, XML that is not a
    feed, a feed with no content)."""
    check_bytes(data, max_bytes)
    kind = detect_format(data, media_type)
    if kind == "html":
        parsed = read_html(data, media_type="text/html")
        return [ReadArticle(data, _require_text(parsed))]
    if kind == "json":
        return _read_json(data, media_type)
    if kind == "ninjs":  # declared application/ninjs+json: JSON, and a ninjs item
        if not _is_json(data):
            raise UnreadableArticle("the file is declared application/ninjs+json but is not "
                                    "JSON")
        return _read_json(data, media_type)
    if kind == "feed":
        try:
            return [ReadArticle(item.data, item.parsed) for item in read_feed(data)]
        except EmptyFeed as error:
            raise UnreadableArticle(str(error)) from None
    if kind == "xml":
        raise UnreadableArticle("the file is XML but neither an RSS nor an Atom feed")
    text, warnings = decode_article(data, max_bytes)
    parsed = parse_article(text)
    parsed.warnings[:0] = warnings
    parsed.meta = ArticleMeta(format="text", media_type="text/plain")
    return [ReadArticle(data, parsed)]


def _read_json(data: bytes, media_type: str | None) -> list[ReadArticle]:
    document = json.loads(data)
    declared = (media_type or "").split(";")[0].strip().lower() or "application/json"
    if looks_like_ninjs(document):
        return [ReadArticle(data, _require_text(read_ninjs(document, media_type=declared)))]
    raise UnreadableArticle("the file is JSON but not a ninjs item (no `uri` with a headline "
                            "or body)")


def _require_text(parsed: ParsedArticle) -> ParsedArticle:
    if parsed.lead is None and not any(section.blocks for section in parsed.sections):
        raise UnreadableArticle(f"no article text was found in the {parsed.meta.format} "
                                f"document")
    return parsed
