"""The page's headline, chosen among its JSON-LD headline, ``<h1>``, Open Graph title and
``<title>``."""

from __future__ import annotations

import re
from typing import Any

import lxml.html

from api.extract.formats.html.compare import fold, similar
from api.extract.formats.html.metadata import ld_text
from api.extract.formats.render import clean

_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·]\s+[^|\-–—:·]{2,40}$")


def choose_headline(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
                    h1: str | None) -> str | None:
    """The page's headline: the JSON-LD headline (the one the publisher gives news search),
    unless it is cut short; else its ``<h1>`` when the page's other titles agree with it, else
    the Open Graph title or ``<title>`` without the site's name."""
    titles = [t for t in (ld_text(ld.get("headline")), meta_tags.get("og:title"),
                          meta_tags.get("twitter:title"), _title_tag(tree)) if t]
    stripped = [_TITLE_SUFFIX.sub("", t) for t in titles]
    h1s = [clean(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    if h1:
        h1s.insert(0, clean(h1))
    ld_headline = ld_text(ld.get("headline"))
    if ld_headline and not (ld_headline.endswith(("...", "…")) and h1s):
        return ld_headline
    for candidate in h1s:
        folded = fold(candidate)
        for title in titles + stripped:
            other = fold(title)
            if folded and other and (folded == other or similar(folded, other)):
                return candidate
    if titles:
        ld_headline = ld_text(ld.get("headline"))
        if ld_headline:
            return ld_headline
        return stripped[0]
    return h1s[0] if h1s else None


def _title_tag(tree: lxml.html.HtmlElement) -> str | None:
    title = tree.find(".//title")
    return clean(title.text_content()) if title is not None else None
