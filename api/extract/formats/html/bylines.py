"""The authors of a page: its JSON-LD ``author``, its author ``<meta>`` tags, or its byline."""

from __future__ import annotations

import re
from typing import Any

import lxml.html

from api.extract.formats.html.metadata import ld_text
from api.extract.formats.meta import author_names
from api.extract.formats.render import clean

_BYLINE_CLASS = re.compile(r"byline|author", re.IGNORECASE)


def page_authors(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
                 publisher: str | None) -> list[str]:
    """The authors' names: JSON-LD ``author``, else the ``author`` meta tags, else the page's
    byline (``rel=author`` links, then an element whose class names a byline)."""
    values: list[str] = []
    authors = ld.get("author")
    for author in authors if isinstance(authors, list) else [authors]:
        name = ld_text(author)
        if name and not name.startswith(("http://", "https://")):
            values.append(name)
    if not values:
        for key in ("author", "article:author", "parsely-author", "dc.creator",
                    "sailthru.author", "byl"):
            value = meta_tags.get(key)
            if value and not value.startswith(("http://", "https://")):
                values.append(value)
                break
    if not values:
        values = [clean(a.text_content()) for a in tree.xpath("//a[@rel='author']")]
    if not values:
        for element in tree.xpath("//*[@class]"):
            if _BYLINE_CLASS.search(element.get("class") or "") and element.tag not in (
                    "html", "body", "meta", "script", "style"):
                text = clean(element.text_content())
                if 0 < len(text) <= 120:
                    values = [text]
                    break
    return author_names([v for v in values if v], publisher)
