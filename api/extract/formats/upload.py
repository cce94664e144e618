"""What a JSON upload says about its article beside the text: it wins over what was read."""

from __future__ import annotations

from typing import Any

from api.extract.formats.meta import (
    author_names,
    byline_organisation,
    date_of,
    domain_of,
    iso_timestamp,
    language_tag,
)
from api.extract.formats.render import clean
from api.extract.records import ParsedArticle

UPLOAD_FIELDS = ("url", "authors", "author", "publisher", "published_at", "modified_at",
                 "language", "keywords", "headline", "category")


def apply_upload_metadata(parsed: ParsedArticle, metadata: dict[str, Any]) -> None:
    """Fill ``parsed.meta`` (and the headline, date, category) from an upload's fields:
    ``url``; ``authors`` (names, or ``{name}`` objects) or ``author`` (a byline, split);
    ``publisher`` (a name, or ``{name, domain}``); ``published_at`` / ``modified_at`` (ISO
    8601); ``language`` (BCP 47); ``keywords``; ``headline``; ``category``. The text's offsets
    are untouched: none of these is part of the text."""
    meta = parsed.meta
    if url := clean(metadata.get("url")):
        meta.url = meta.uri = url
        meta.publisher_domain = domain_of(url) or meta.publisher_domain
    publisher = metadata.get("publisher")
    if isinstance(publisher, dict):
        meta.publisher_name = clean(publisher.get("name")) or meta.publisher_name
        meta.publisher_domain = clean(publisher.get("domain")) or meta.publisher_domain
    elif isinstance(publisher, str) and publisher.strip():
        meta.publisher_name = clean(publisher)
    authors = metadata.get("authors")
    if isinstance(authors, list) and authors:
        names = [a.get("name", "") if isinstance(a, dict) else str(a) for a in authors]
        meta.authors = author_names(names, meta.publisher_name)
    elif isinstance(metadata.get("author"), str) and metadata["author"].strip():
        meta.authors = author_names([metadata["author"]], meta.publisher_name)
        # "By Jane Doe and John Roe, Reuters": two people of one publisher, named by the byline.
        meta.publisher_name = (meta.publisher_name
                               or byline_organisation([metadata["author"]]))
    if published_at := iso_timestamp(metadata.get("published_at")):
        meta.published_at = published_at
        parsed.published = date_of(published_at)
    if modified_at := iso_timestamp(metadata.get("modified_at")):
        meta.modified_at = modified_at
    if language := language_tag(metadata.get("language")):
        meta.language = language
    if isinstance(metadata.get("keywords"), list):
        meta.keywords = [clean(str(k)) for k in metadata["keywords"] if clean(str(k))]
    if headline := clean(metadata.get("headline")):
        parsed.headline = headline
    if category := clean(metadata.get("category")):
        parsed.category = category
