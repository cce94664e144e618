"""The page's headline, chosen among its JSON-LD headline, ``<h1>``, Open Graph title and
``<title>``.

A page states its headline several times: the JSON-LD ``headline`` (what the publisher gives news
search), the ``<h1>`` it shows, the Open Graph and Twitter titles (what a share of the story
shows) and the ``<title>``, which usually carries the site's name ("... | The Standard",
"Mirror Online - ..."). The rules are about how CMSs write these, never about one site.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from api.extract.formats.html.compare import fold, similar
from api.extract.formats.html.metadata import ld_text
from api.extract.formats.render import clean

# A title's parts: "Headline | Site", "Site - Headline", "Headline · Section · Site".
_SEPARATOR = re.compile(r"\s+[|\-–—:·•»]\s+")
# The last part of a title that names no site we know: short, after a separator.
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·]\s+[^|\-–—:·]{2,40}$")
# A shorter form of the headline opens with its words: at least this many, and this share of
# its own words.
_SHORT_FORM_WORDS = 4
_SHORT_FORM_SHARE = 0.6


def choose_headline(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
                    h1: str | None, url: str | None = None) -> str | None:
    """The page's headline.

    The JSON-LD headline, unless it is cut short ("..."), or unless the Open Graph title is a
    shorter form of it (the same opening words, reworded or cut at the end: the headline, where
    the JSON-LD one runs on into the standfirst). Without one, the ``<h1>`` when the page's
    other titles agree with it, else the Open Graph title or ``<title>`` without the site's
    name. Every title is read without the site's name when one of its parts names the site.
    """
    sites = site_names(ld, meta_tags, url)
    titles = [_without_site(t, sites) for t in (
        ld_text(ld.get("headline")), meta_tags.get("og:title"), meta_tags.get("twitter:title"),
        _title_tag(tree)) if t]
    # For agreement with the <h1>, also each title without a short last part.
    loose = [_TITLE_SUFFIX.sub("", t) for t in titles]
    h1s = [clean(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    if h1:
        h1s.insert(0, clean(h1))
    ld_headline = _without_site(ld_text(ld.get("headline")), sites)
    if ld_headline and not (ld_headline.endswith(("...", "…")) and h1s):
        social = _without_site(meta_tags.get("og:title"), sites)
        if social and short_form(social, ld_headline):
            return social
        return ld_headline
    for candidate in h1s:
        folded = fold(candidate)
        for title in titles + loose:
            other = fold(title)
            if folded and other and (folded == other or similar(folded, other)):
                return candidate
    if titles:
        if ld_headline:
            return ld_headline
        return loose[0]
    return h1s[0] if h1s else None


def short_form(short: str, headline: str) -> bool:
    """Whether ``short`` is a shorter form of ``headline``: not cut ("..."), at least half its
    length, and opening with the same words (at least four, and most of its own)."""
    if short.endswith(("...", "…")):
        return False
    a, b = fold(short).split(), fold(headline).split()
    if not a or a == b or len(" ".join(a)) >= len(" ".join(b)) or 2 * len(a) < len(b):
        return False
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                  min(len(a), len(b)))
    return shared >= _SHORT_FORM_WORDS and shared >= _SHORT_FORM_SHARE * len(a)


def site_names(ld: dict[str, Any], meta_tags: dict[str, str], url: str | None) -> list[str]:
    """The folded names the page gives its site: the JSON-LD publisher, ``og:site_name``,
    ``application-name``, the Twitter account and the address's host name."""
    names = [ld_text(ld.get("publisher")), meta_tags.get("og:site_name"),
             meta_tags.get("application-name"), (meta_tags.get("twitter:site") or "").lstrip("@")]
    host = urlsplit(url or meta_tags.get("og:url") or "").hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    if labels:
        names.append(labels[0])
    return list(dict.fromkeys(f for f in (fold(n) for n in names if n) if len(f) >= 2))


def _names_site(part: str, sites: list[str]) -> bool:
    """Whether a title's part is the site's name, a part of it or it cut short, or it with a
    word such as "Online" or "News": "Mirror Online", "The Ind", "WIRED", "BBC News"."""
    folded = fold(part)
    squashed = re.sub(r"\W+", "", folded)
    if not folded:
        return False
    for site in sites:
        site_squashed = re.sub(r"\W+", "", site)
        if folded == site or squashed == site_squashed:
            return True
        if len(folded.split()) <= 4 and (site in folded or site_squashed in squashed):
            return True
        if len(folded) >= 5 and (site.startswith(folded) or folded in site):
            return True
    return False


def _without_site(title: str | None, sites: list[str]) -> str | None:
    """``title`` without its first or last part when that part names the site."""
    title = clean(title)
    if not title or not sites:
        return title or None
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    if _names_site(parts[-1], sites):
        return title[:_last_separator(title).start()].strip() or title
    if _names_site(parts[0], sites):
        return title[_SEPARATOR.search(title).end():].strip() or title
    return title


def _last_separator(title: str) -> re.Match[str]:
    return list(_SEPARATOR.finditer(title))[-1]


def _title_tag(tree: lxml.html.HtmlElement) -> str | None:
    title = tree.find(".//title")
    return clean(title.text_content()) if title is not None else None
