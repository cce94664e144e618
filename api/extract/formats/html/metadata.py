"""The page's own metadata: its tree, ``<meta>`` tags (Open Graph and kin), its JSON-LD article
object, canonical link, publisher, publication time and keywords.

In this order of trust: JSON-LD (``NewsArticle`` and its kin), Open Graph and ``<meta>`` tags,
``<time>`` elements, then what trafilatura guessed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

from api.extract.formats.meta import iso_timestamp
from api.extract.formats.render import clean

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
                  "blogposting", "liveblogposting", "report", "scholarlyarticle",
                  "techarticle", "webpage", "socialmediaposting"}


def parse_page(page: str) -> lxml.html.HtmlElement:
    # lxml refuses a str that declares its encoding in an XML prolog.
    page = re.sub(r"^\s*<\?xml[^>]*\?>", "", page)
    try:
        return lxml.html.document_fromstring(page or "<html></html>")
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


def read_meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta property|name|itemprop=... content=...>``, lowercased keys, first one kept."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        yield from _walk_ld(data)


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), list | dict):
                yield from _walk_ld(data[key])


def _types(item: dict[str, Any]) -> set[str]:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(kind).lower() for kind in kinds if kind}


def json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The page's JSON-LD article object: the first news article, else any article or page
    with a headline; {} when the page has none."""
    best: dict[str, Any] = {}
    best_rank = 99
    for item in _json_ld_objects(tree):
        kinds = _types(item)
        if not kinds & _ARTICLE_TYPES:
            continue
        rank = 0 if any("newsarticle" in kind for kind in kinds) else (
            2 if "webpage" in kinds else 1)
        if "headline" not in item and "datePublished" not in item:
            rank += 3
        if rank < best_rank:
            best, best_rank = item, rank
    return best


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as text: a string, the first of a list, or an object's name / @value."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url") or value.get("@id")
    if isinstance(value, str | int | float) and str(value).strip():
        return html.unescape(str(value)).strip()
    return None


def canonical_link(tree: lxml.html.HtmlElement) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    return None


def publisher_name(ld: dict[str, Any], meta_tags: dict[str, str],
                   extracted: Any) -> str | None:
    name = (ld_text(ld.get("publisher")) or meta_tags.get("og:site_name")
            or meta_tags.get("application-name")
            or (extracted.sitename if extracted is not None else None))
    return clean(name) or None


def published_time(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
                   extracted: Any) -> str | None:
    candidates = [
        ld_text(ld.get("datePublished")), meta_tags.get("article:published_time"),
        meta_tags.get("og:published_time"), meta_tags.get("datepublished"),
        meta_tags.get("publishdate"), meta_tags.get("pubdate"), meta_tags.get("date"),
        meta_tags.get("dc.date"), meta_tags.get("dc.date.issued"),
        meta_tags.get("sailthru.date"), ld_text(ld.get("dateCreated")),
    ]
    candidates += [t.get("datetime") for t in tree.iter("time") if t.get("datetime")][:1]
    if extracted is not None:
        candidates.append(extracted.date)
    for candidate in candidates:
        if (timestamp := iso_timestamp(candidate)) is not None:
            return timestamp
    return None


def page_keywords(ld: dict[str, Any], meta_tags: dict[str, str]) -> list[str]:
    raw = ld.get("keywords")
    values: list[str] = []
    if isinstance(raw, list):
        values = [str(v) for v in raw if isinstance(v, str | int)]
    elif isinstance(raw, str):
        values = raw.split(",")
    if not values:
        values = (meta_tags.get("news_keywords") or meta_tags.get("keywords") or "").split(",")
    return list(dict.fromkeys(k for k in (clean(v) for v in values) if k and len(k) <= 100))
