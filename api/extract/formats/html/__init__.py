"""HTML pages: the main text and structure from trafilatura, the metadata from the page itself.

trafilatura finds the article's main text and keeps its structure (subheadings, paragraphs,
lists, bold runs, images); the reader maps that structure onto the product's records
(subheadings -> section labels, a bold lead-in "Why it matters:" -> a label, list items ->
bullets) and reads the page's own metadata, in this order of trust: JSON-LD (``NewsArticle``
and its kin), Open Graph and ``<meta>`` tags, ``<time>`` elements, then what trafilatura
guessed. Figure captions and credits come from the page's ``<figure>`` elements around the
images trafilatura kept.

Its parts, one module each: `metadata` (JSON-LD, Open Graph, ``<meta>``, ``<time>``),
`headline`, `bylines`, `body` (trafilatura's main text and its structure), `figures` (images
and captions), `fragment` (HTML that is all content, as in a ninjs body) and `compare` (how
texts are matched). This module puts them together.

No rule here names a site: they are about the markup every publisher's CMS writes.
"""

from __future__ import annotations

import codecs
import re

from api.extract.formats.html.body import (
    body_pieces,
    drop_headline,
    link_texts,
    main_text,
    with_standfirst,
    without_captions,
)
from api.extract.formats.html.bylines import page_authors
from api.extract.formats.html.compare import fold
from api.extract.formats.html.figures import article_images, figure_captions, page_figures
from api.extract.formats.html.fragment import fragment_pieces
from api.extract.formats.html.headline import choose_headline
from api.extract.formats.html.metadata import (
    canonical_link,
    json_ld_article,
    ld_text,
    page_keywords,
    parse_page,
    published_time,
    publisher_name,
    read_meta_tags,
)
from api.extract.formats.meta import date_of, domain_of, iso_timestamp, language_tag
from api.extract.formats.render import clean, render
from api.extract.records import ArticleMeta, ParsedArticle

__all__ = ["decode_html", "fragment_pieces", "read_html"]

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """The page as text: UTF-8 (BOM dropped), else the charset its ``<meta>`` declares, else
    cp1252 with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace"), []
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace"), [
        "the page is not valid UTF-8 and declares no known charset; it was read as cp1252"]


def read_html(data: bytes, *, media_type: str = "text/html",
              url: str | None = None) -> ParsedArticle:
    """The article of one HTML page (or an HTML fragment, such as a ninjs ``body_html``)."""
    page, warnings = decode_html(data)
    tree = parse_page(page)
    meta_tags = read_meta_tags(tree)
    ld = json_ld_article(tree)
    canonical = (ld_text(ld.get("url")) or canonical_link(tree) or meta_tags.get("og:url")
                 or url)
    extracted = main_text(page, canonical)
    pieces, image_sources, h1 = body_pieces(extracted.body if extracted is not None else None)

    headline = choose_headline(tree, ld, meta_tags, h1, canonical)
    figures = page_figures(tree)
    captions = figure_captions(figures)
    links = link_texts(tree)
    pieces = [piece for piece in pieces if piece.kind == "heading" or piece.label
              or fold(piece.text) not in links]
    pieces = with_standfirst(tree, ld, meta_tags,
                             without_captions(drop_headline(pieces, headline), captions))
    publisher = publisher_name(ld, meta_tags, extracted)
    published_at = published_time(tree, ld, meta_tags, extracted)
    meta = ArticleMeta(
        format="html",
        media_type=media_type,
        url=canonical,
        uri=canonical,
        publisher_name=publisher,
        publisher_domain=domain_of(canonical),
        authors=page_authors(tree, ld, meta_tags, publisher),
        published_at=published_at,
        modified_at=iso_timestamp(ld_text(ld.get("dateModified"))
                                  or meta_tags.get("article:modified_time")
                                  or meta_tags.get("og:updated_time")),
        language=language_tag(ld_text(ld.get("inLanguage")) or tree.get("lang")
                              or meta_tags.get("og:locale") or meta_tags.get("language")),
        keywords=page_keywords(ld, meta_tags),
    )
    section = ld_text(ld.get("articleSection")) or meta_tags.get("article:section")
    return render(
        headline,
        pieces,
        published=date_of(published_at),
        category=clean(section) or None,
        images=article_images(figures, image_sources, ld, meta_tags),
        meta=meta,
        warnings=warnings,
    )
