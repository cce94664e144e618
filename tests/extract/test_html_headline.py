"""The headline of a page among its JSON-LD headline, ``<h1>``, Open Graph and ``<title>``
(hand-made heads: how CMSs write them, no site's own markup)."""

from __future__ import annotations

import json

import lxml.html
import pytest

from api.extract.formats.html.headline import choose_headline, short_form, site_names
from api.extract.formats.html.metadata import json_ld_article, read_meta_tags

LONG = "Council approves harbour wall after a year of storms and delays"


def _page(*, ld: str | None = None, og: str | None = None, title: str | None = None,
          h1: str | None = None, site: str | None = None) -> lxml.html.HtmlElement:
    head = []
    if ld is not None:
        head.append('<script type="application/ld+json">'
                    + json.dumps({"@type": "NewsArticle", "headline": ld}) + "</script>")
    if og is not None:
        head.append(f'<meta property="og:title" content="{og}">')
    if site is not None:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if title is not None:
        head.append(f"<title>{title}</title>")
    body = f"<h1>{h1}</h1>" if h1 is not None else ""
    return lxml.html.document_fromstring(
        f"<html><head>{''.join(head)}</head><body>{body}<p>Text.</p></body></html>")


def _headline(url: str | None = None, **parts: str) -> str | None:
    tree = _page(**parts)
    return choose_headline(tree, json_ld_article(tree), read_meta_tags(tree), None, url)


@pytest.mark.parametrize(("parts", "expected"), [
    # The JSON-LD headline, the one given to news search.
    ({"ld": LONG, "og": "Harbour wall approved", "h1": LONG}, LONG),
    # ... unless the Open Graph title is a shorter form of it (same opening words).
    ({"ld": LONG, "og": "Council approves harbour wall after a year of storms", "h1": LONG},
     "Council approves harbour wall after a year of storms"),
    ({"ld": LONG, "og": "Council approves harbour wall after a long wait", "h1": LONG},
     "Council approves harbour wall after a long wait"),
    # A cut Open Graph title, or one that only shares a word or two, is not.
    ({"ld": LONG, "og": "Council approves harbour wall after a year...", "h1": LONG}, LONG),
    ({"ld": LONG, "og": "Council approves new budget for schools and roads", "h1": LONG}, LONG),
    # A cut JSON-LD headline gives way to the <h1> the other titles agree with.
    ({"ld": "Council approves harbour wall after...", "og": LONG, "h1": LONG}, LONG),
    # The site's name is no part of any title, first or last.
    ({"ld": f"{LONG} | The Coastal Times", "site": "The Coastal Times"}, LONG),
    ({"og": f"Coastal Times - {LONG}", "site": "The Coastal Times"}, LONG),
    ({"title": f"{LONG} - Coastal Times Online", "site": "Coastal Times"}, LONG),
    ({"title": f"{LONG} | The Coas", "site": "The Coastal Times"}, LONG),
    # A last part after a dash that names no site stays when the site is known.
    ({"ld": "Storm closes harbour - and what comes next", "site": "The Coastal Times"},
     "Storm closes harbour - and what comes next"),
    # Without JSON-LD: the <h1> the titles agree with, else the Open Graph title.
    ({"og": f"{LONG} | Coastal", "h1": LONG}, LONG),
    ({"og": "Harbour wall approved", "h1": "Storm news live"}, "Harbour wall approved"),
    ({"h1": LONG}, LONG),
])
def test_the_headline_among_the_page_s_titles(parts, expected):
    assert _headline(**parts) == expected


def test_the_host_name_is_a_site_name():
    tree = _page(title=f"{LONG} | CoastalTimes")
    assert site_names({}, read_meta_tags(tree), "https://www.coastaltimes.example/a") == [
        "coastaltimes"]
    assert choose_headline(tree, {}, read_meta_tags(tree), None,
                           "https://www.coastaltimes.example/a") == LONG


@pytest.mark.parametrize(("short", "headline", "expected"), [
    ("Council approves harbour wall", LONG, False),  # less than half its length
    ("Council approves harbour wall after a year of storms", LONG, True),
    (LONG, LONG, False),
    (LONG + " and more", LONG, False),  # longer
    ("The council approves harbour wall after a year of storms", LONG, False),
])
def test_a_shorter_form_of_the_headline(short, headline, expected):
    assert short_form(short, headline) is expected
