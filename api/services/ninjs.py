"""An article as an IPTC ninjs item, version 2.2 (lowercase keys) or 3.1 (camelCase keys).

ninjs has room for the article's identity and times, its headline and byline, its text, its
subjects (keywords, category), the people, organisations and places it names (with ``rel``
``author`` for its authors, ``mentioned`` for the others), its images (picture associations)
and, as descriptions with the role ``quote``, its quotes with their speakers. The body is the
article's plain text: the text every offset of the article JSON points into, without its
headline. The output validates against IPTC's own schemas (tests check it).
"""

from __future__ import annotations

import re
from typing import Any

from api.models import Article

VERSIONS = ("2.2", "3.1")
_SCHEMAS = {"2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
            "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"}
_CAMEL = {"versioncreated": "versionCreated", "firstcreated": "firstCreated",
          "contenttype": "contentType", "copyrightholder": "copyrightHolder",
          "representationtype": "representationType", "altids": "altIds",
          "charcount": "charCount", "wordcount": "wordCount"}
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_PLACES = ("GPE", "LOC", "FAC")


def article_ninjs(article: Article, version: str = "2.2",
                  revision: int | None = None) -> dict[str, Any]:
    """The ninjs item of ``article`` (loaded with its parts), in ninjs ``version``."""
    item: dict[str, Any] = {
        "uri": _uri(article),
        "standard": {"name": "ninjs", "version": version, "schema": _SCHEMAS[version]},
        "type": "text",
        "representationtype": "full",
    }
    if revision is not None:
        item["version"] = str(revision)
    if _DATE_TIME.match(article.modified_at or "") or _DATE_TIME.match(article.published_at or ""):
        item["versioncreated"] = (article.modified_at if _DATE_TIME.match(article.modified_at or "")
                                  else article.published_at)
    if _DATE_TIME.match(article.published_at or ""):
        item["firstcreated"] = article.published_at
    if article.language:
        item["language"] = article.language
    if article.headline:
        item["headlines"] = [{"role": "main", "value": article.headline}]
    if article.author_rows:
        item["by"] = ", ".join(row.name for row in article.author_rows)
    if article.publisher_name:
        item["copyrightholder"] = article.publisher_name
    body = _body(article)
    if body:
        item["bodies"] = [{"role": "main", "contenttype": "text/plain", "value": body,
                           "charcount": len(body), "wordcount": len(body.split())}]
    subjects = [{"name": k} for k in (article.keywords or [])]
    if article.category and article.category not in (article.keywords or []):
        subjects.insert(0, {"name": article.category, "rel": "category"})
    if subjects:
        item["subjects"] = subjects
    item.update(_entities(article))
    quotes = [_quote(quote) for quote in article.quotes]
    if quotes:
        item["descriptions"] = quotes
    pictures = [_picture(image, index) for index, image in enumerate(article.images or [])
                if image.get("url")]
    if pictures:
        item["associations"] = pictures
    if article.url:
        item["altids"] = [{"role": "url", "value": article.url}]
    return _camel(item) if version.startswith("3") else item


def _uri(article: Article) -> str:
    uri = article.uri or article.url
    if uri and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", uri):
        return uri
    return f"urn:newsdesk:sha256:{article.sha256}"


def _body(article: Article) -> str:
    """The article's text without its headline: its lead and sections, as stored."""
    source = article.source
    starts = [article.lead_start] if article.lead_start is not None else []
    starts += [section.start for section in article.sections]
    return source[min(starts):].strip() if starts else ""


def _entities(article: Article) -> dict[str, list[dict[str, str]]]:
    people, organisations, places = [], [], []
    for link in article.entity_links:
        entity = link.entity
        entry = {"name": entity.name, "rel": link.role or "mentioned",
                 "literal": str(entity.id) if entity.id is not None else entity.key}
        if entity.type == "PERSON":
            people.append(entry)
        elif entity.type == "ORG":
            organisations.append(entry)
        elif entity.type in _PLACES:
            places.append(entry)
    found = {"people": people, "organisations": organisations, "places": places}
    return {key: value for key, value in found.items() if value}


def _quote(quote) -> dict[str, str]:
    """A quote as a description: "Speaker: “words”"; reported speech without quotation marks
    (the words are the writer's, not the speaker's)."""
    speaker = quote.speaker.name if quote.speaker is not None else quote.speaker_text
    words = quote.text if quote.kind == "indirect" else f"“{quote.text}”"
    value = f"{speaker}: {words}" if speaker else words
    return {"role": f"quote-{quote.kind}", "contenttype": "text/plain", "value": value}


def _picture(image: dict[str, Any], index: int) -> dict[str, Any]:
    picture: dict[str, Any] = {"name": "mainpicture" if index == 0 else f"picture{index}",
                               "uri": image["url"], "type": "picture"}
    descriptions = [{"role": role, "value": image[key]} for role, key in
                    (("caption", "caption"), ("alt", "alt")) if image.get(key)]
    if descriptions:
        picture["descriptions"] = descriptions
    if image.get("credit"):
        picture["by"] = image["credit"]
    return picture


def _camel(value: Any) -> Any:
    if isinstance(value, dict):
        return {_CAMEL.get(key, key): _camel(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_camel(inner) for inner in value]
    return value
