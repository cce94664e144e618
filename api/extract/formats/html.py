"""HTML pages: the main text and structure from trafilatura, the metadata from the page itself.

trafilatura finds the article's main text and keeps its structure (subheadings, paragraphs,
lists, bold runs, images); this module maps that structure onto the product's records
(subheadings -> section labels, a bold lead-in "Why it matters:" -> a label, list items ->
bullets) and reads the page's own metadata, in this order of trust: JSON-LD (``NewsArticle``
and its kin), Open Graph and ``<meta>`` tags, ``<time>`` elements, then what trafilatura
guessed. Figure captions and credits come from the page's ``<figure>`` elements around the
images trafilatura kept.

No rule here names a site: they are about the markup every publisher's CMS writes.
"""

from __future__ import annotations

import codecs
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from api.extract.formats.meta import (
    author_names,
    date_of,
    domain_of,
    iso_timestamp,
    language_tag,
)
from api.extract.formats.render import Piece, clean, render
from api.extract.records import ArticleMeta, Image, ParsedArticle

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
                  "blogposting", "liveblogposting", "report", "scholarlyarticle",
                  "techarticle", "webpage", "socialmediaposting"}
_LABEL_WORDS = 8  # a bold lead-in longer than this is a sentence, not a label
_HEADING_WORDS = 25


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
    tree = _tree(page)
    meta_tags = _meta_tags(tree)
    ld = _json_ld_article(tree)
    canonical = (_ld_text(ld.get("url")) or _canonical_link(tree) or meta_tags.get("og:url")
                 or url)
    extracted = _trafilatura(page, canonical)
    pieces, image_sources, h1 = _pieces(extracted.body if extracted is not None else None)

    headline = _headline(tree, ld, meta_tags, h1)
    figures = _page_figures(tree)
    captions = _figure_captions(figures)
    links = _link_texts(tree)
    pieces = [piece for piece in pieces if piece.kind == "heading" or piece.label
              or _fold(piece.text) not in links]
    pieces = _standfirst(tree, ld, meta_tags,
                         _without_captions(_drop_headline(pieces, headline), captions))
    publisher = _publisher(ld, meta_tags, extracted)
    published_at = _published(tree, ld, meta_tags, extracted)
    meta = ArticleMeta(
        format="html",
        media_type=media_type,
        url=canonical,
        uri=canonical,
        publisher_name=publisher,
        publisher_domain=domain_of(canonical),
        authors=_authors(tree, ld, meta_tags, publisher),
        published_at=published_at,
        modified_at=iso_timestamp(_ld_text(ld.get("dateModified"))
                                  or meta_tags.get("article:modified_time")
                                  or meta_tags.get("og:updated_time")),
        language=language_tag(_ld_text(ld.get("inLanguage")) or tree.get("lang")
                              or meta_tags.get("og:locale") or meta_tags.get("language")),
        keywords=_keywords(ld, meta_tags),
    )
    section = _ld_text(ld.get("articleSection")) or meta_tags.get("article:section")
    return render(
        headline,
        pieces,
        published=date_of(published_at),
        category=clean(section)[:120] or None,
        images=_images(figures, image_sources, ld, meta_tags),
        meta=meta,
        warnings=warnings,
    )


# --- the page's own metadata -------------------------------------------------------------------


def _tree(page: str) -> lxml.html.HtmlElement:
    # lxml refuses a str that declares its encoding in an XML prolog.
    page = re.sub(r"^\s*<\?xml[^>]*\?>", "", page)
    try:
        return lxml.html.document_fromstring(page or "<html></html>")
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
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


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
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


def _ld_text(value: Any) -> str | None:
    """A JSON-LD value as text: a string, the first of a list, or an object's name / @value."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url") or value.get("@id")
    if isinstance(value, str | int | float) and str(value).strip():
        return html.unescape(str(value)).strip()
    return None


def _canonical_link(tree: lxml.html.HtmlElement) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    return None


_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·]\s+[^|\-–—:·]{2,40}$")


def _fold(text: str | None) -> str:
    text = clean(text).casefold()
    return re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", text)


def _headline(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
              h1: str | None) -> str | None:
    """The page's headline: the JSON-LD headline (the one the publisher gives news search),
    unless it is cut short; else its ``<h1>`` when the page's other titles agree with it, else
    the Open Graph title or ``<title>`` without the site's name."""
    titles = [t for t in (_ld_text(ld.get("headline")), meta_tags.get("og:title"),
                          meta_tags.get("twitter:title"), _title_tag(tree)) if t]
    stripped = [_TITLE_SUFFIX.sub("", t) for t in titles]
    h1s = [clean(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    if h1:
        h1s.insert(0, clean(h1))
    ld_headline = _ld_text(ld.get("headline"))
    if ld_headline and not (ld_headline.endswith(("...", "…")) and h1s):
        return ld_headline
    for candidate in h1s:
        folded = _fold(candidate)
        for title in titles + stripped:
            other = _fold(title)
            if folded and other and (folded == other or _similar(folded, other)):
                return candidate
    if titles:
        ld_headline = _ld_text(ld.get("headline"))
        if ld_headline:
            return ld_headline
        return stripped[0]
    return h1s[0] if h1s else None


def _similar(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)


def _title_tag(tree: lxml.html.HtmlElement) -> str | None:
    title = tree.find(".//title")
    return clean(title.text_content()) if title is not None else None


def _publisher(ld: dict[str, Any], meta_tags: dict[str, str],
               extracted: Any) -> str | None:
    name = (_ld_text(ld.get("publisher")) or meta_tags.get("og:site_name")
            or meta_tags.get("application-name")
            or (extracted.sitename if extracted is not None else None))
    return clean(name) or None


_BYLINE_CLASS = re.compile(r"byline|author", re.IGNORECASE)


def _authors(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
             publisher: str | None) -> list[str]:
    """The authors' names: JSON-LD ``author``, else the ``author`` meta tags, else the page's
    byline (``rel=author`` links, then an element whose class names a byline)."""
    values: list[str] = []
    authors = ld.get("author")
    for author in authors if isinstance(authors, list) else [authors]:
        name = _ld_text(author)
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


def _published(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
               extracted: Any) -> str | None:
    candidates = [
        _ld_text(ld.get("datePublished")), meta_tags.get("article:published_time"),
        meta_tags.get("og:published_time"), meta_tags.get("datepublished"),
        meta_tags.get("publishdate"), meta_tags.get("pubdate"), meta_tags.get("date"),
        meta_tags.get("dc.date"), meta_tags.get("dc.date.issued"),
        meta_tags.get("sailthru.date"), _ld_text(ld.get("dateCreated")),
    ]
    candidates += [t.get("datetime") for t in tree.iter("time") if t.get("datetime")][:1]
    if extracted is not None:
        candidates.append(extracted.date)
    for candidate in candidates:
        if (timestamp := iso_timestamp(candidate)) is not None:
            return timestamp
    return None


def _keywords(ld: dict[str, Any], meta_tags: dict[str, str]) -> list[str]:
    raw = ld.get("keywords")
    values: list[str] = []
    if isinstance(raw, list):
        values = [str(v) for v in raw if isinstance(v, str | int)]
    elif isinstance(raw, str):
        values = raw.split(",")
    if not values:
        values = (meta_tags.get("news_keywords") or meta_tags.get("keywords") or "").split(",")
    return list(dict.fromkeys(k for k in (clean(v) for v in values) if k and len(k) <= 100))


# --- the main text -----------------------------------------------------------------------------


def _trafilatura(page: str, url: str | None):
    """trafilatura's reading of the page (its main text as a tree, structure and formatting
    kept), or None when it finds no main text. Without links: with them, trafilatura drops
    subheadings that carry an anchor; link-only paragraphs are told by `_link_texts`."""
    return trafilatura.bare_extraction(
        page, url=url, include_comments=False, include_images=True, include_formatting=True,
        include_links=False, include_tables=True, with_metadata=False, deduplicate=False)


def _text(element: etree._Element) -> str:
    return clean("".join(element.itertext()))


def _lines(element: etree._Element) -> list[str]:
    """The element's text, split where it breaks its line (``<br>``): a CMS writes
    paragraphs as lines of one block as often as it writes ``<p>`` elements."""
    lines: list[list[str]] = [[]]

    def walk(node: etree._Element) -> None:
        if node.tag == "lb":
            lines.append([])
        else:
            lines[-1].append(node.text or "")
            for child in node:
                walk(child)
        if node is not element:
            lines[-1].append(node.tail or "")

    walk(element)
    return [line for line in (clean("".join(parts)) for parts in lines) if line]


def _link_texts(tree: lxml.html.HtmlElement) -> set[str]:
    """The folded text of every link of the page that reads like a title (four words or
    more): a piece of the main text that is wholly one of them is a related story or a menu
    entry, not the article."""
    found: set[str] = set()
    for link in tree.iter("a"):
        text = _fold(link.text_content())
        if len(text.split()) >= 4:
            found.add(text)
    return found


def _pieces(root: etree._Element | None) -> tuple[list[Piece], list[tuple[str, str]], str | None]:
    """The body's pieces, the (src, alt) of its images, and its first ``h1`` (its headline)."""
    pieces: list[Piece] = []
    images: list[tuple[str, str]] = []
    h1: str | None = None
    if root is None:
        return pieces, images, h1
    for element in root.iter("head", "p", "item", "graphic", "quote", "row"):
        tag = element.tag
        if _inside(element, "item") and tag != "graphic" or (
                tag in ("p", "head") and _inside(element, "quote", "cell")):
            continue  # counted with the list item or quote that holds it
        if tag == "graphic":
            if element.get("src"):
                images.append((element.get("src"), element.get("alt") or ""))
            continue
        text = _text(element)
        if not text:
            continue
        if tag == "head":
            if element.get("rend") == "h1" and h1 is None:
                h1 = text
            if len(text.split()) <= _HEADING_WORDS:
                pieces.append(Piece("heading", text))
            else:
                pieces.append(Piece("paragraph", text))
        elif tag == "item":
            pieces.append(Piece("bullet", text))
        elif tag == "row":
            cells = [_text(cell) for cell in element.iter("cell")]
            pieces.append(Piece("paragraph", " | ".join(c for c in cells if c)))
        elif element.find(".//lb") is not None:
            lines = _lines(element)
            first = _paragraph(element, text)
            if first.label or first.kind == "heading" or len(lines) < 2:
                pieces.append(first)
            else:
                pieces.extend(Piece("paragraph", line) for line in lines)
        else:
            pieces.append(_paragraph(element, text))
    return pieces, images, h1


def _inside(element: etree._Element, *tags: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _paragraph(element: etree._Element, text: str) -> Piece:
    """A paragraph; one that opens with a short bold phrase ending in a colon ("Why it
    matters:") is that label's lead-in, and one that is wholly bold and short is a
    subheading."""
    first = next(iter(element), None)
    lead_text = clean(element.text)
    if first is not None and first.tag == "hi" and "#b" in (first.get("rend") or "") \
            and not lead_text:
        bold = _text(first)
        if bold == text and len(text.split()) <= _HEADING_WORDS and text[-1:] not in ".!?:;,\"”":
            return Piece("heading", text)
        label = bold.rstrip()
        rest = text[len(bold):].lstrip() if text.startswith(bold) else None
        if label.endswith(":"):
            label = label[:-1].rstrip()
        elif rest is not None and rest.startswith(":"):
            rest = rest[1:].lstrip()
        else:
            label = ""
        if label and rest is not None and len(label.split()) <= _LABEL_WORDS:
            return Piece("paragraph", rest, label=label)
    return Piece("paragraph", text)


def _drop_headline(pieces: list[Piece], headline: str | None) -> list[Piece]:
    """The body without what stands before the headline (kickers, breadcrumbs) and without the
    headline itself; a heading before the first paragraph is the standfirst: a paragraph."""
    folded = _fold(headline)
    for index, piece in enumerate(pieces[:10]):
        if folded and (_fold(piece.text) == folded or piece.kind == "heading"
                       and _similar(_fold(piece.text), folded)):
            pieces = pieces[index + 1:]
            break
    result: list[Piece] = []
    for index, piece in enumerate(pieces):
        if piece.kind == "heading" and not any(p.kind != "heading" for p in pieces[:index]):
            result.append(Piece("paragraph", piece.text))
        else:
            result.append(piece)
    return result


def _without_captions(pieces: list[Piece], captions: list[str]) -> list[Piece]:
    """The pieces that are not a figure's caption (kept with its image instead)."""
    folded = [_fold(caption) for caption in captions]
    return [piece for piece in pieces if not any(
        _fold(piece.text) == caption or _similar(_fold(piece.text), caption)
        for caption in folded)]


def _standfirst(tree: lxml.html.HtmlElement, ld: dict[str, Any], meta_tags: dict[str, str],
                pieces: list[Piece]) -> list[Piece]:
    """The pieces, opened by the page's standfirst when the main text left it out: the
    page's description (JSON-LD, Open Graph, ``<meta>``) when the page shows it in its body."""
    description = clean(_ld_text(ld.get("description")) or meta_tags.get("og:description")
                        or meta_tags.get("description"))
    folded = _fold(description)
    if not folded or any(_fold(piece.text) == folded or _similar(_fold(piece.text), folded)
                         for piece in pieces[:8]):
        return pieces
    body = tree.find(".//body")
    if body is None:
        return pieces
    # One pass over the body's visible text (not a text_content() per element: quadratic).
    visible = _fold(" ".join(body.xpath(
        ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")))
    shown = folded in visible
    return [Piece("paragraph", description), *pieces] if shown else pieces


# --- images ---------------------------------------------------------------------------------

_CREDIT_CLASS = re.compile(r"credit|copyright|source|byline|author|attribution", re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(r"^(?:photo|image|picture|credit|source|foto)s?\s*:\s*",
                            re.IGNORECASE)
_OUTSIDE_ARTICLE = ("nav", "footer", "aside", "header")


@dataclass(slots=True)
class _Figure:
    """A captioned image of the page: its caption, credit and address (if it has one)."""

    caption: str | None
    credit: str | None
    src: str | None
    alt: str | None
    keys: set[str]


def _page_figures(tree: lxml.html.HtmlElement) -> list[_Figure]:
    """Every caption of the page outside its menus and footers, with its image: the page's
    ``<figcaption>`` elements, and elements whose class names a caption (the markup of CMSs
    that write no ``<figure>``), each with the image of the nearest block around it."""
    figures: list[_Figure] = []
    # The caption elements taken (held here, so that lxml keeps their proxies: an element's
    # ancestors then compare as the same objects).
    taken: set[lxml.html.HtmlElement] = set()
    body = tree.find(".//body")
    if body is None:
        return figures
    for element in body.iter():
        if not isinstance(element.tag, str) or any(a in taken for a in element.iterancestors()):
            continue
        is_caption = element.tag == "figcaption" or (
            _CAPTION_CLASS.search(element.get("class") or "")
            and element.tag not in ("img", "figure", "picture", "script", "style", "body")
            and not _has_ancestor(element, "figcaption")
            and next(element.iter("img", "figure", "figcaption", "picture"), None) is None)
        if not is_caption or _outside_article(element):
            continue
        taken.add(element)
        caption, credit = _caption_text(element)
        if not caption and not credit:
            continue
        holder, src = element.getparent(), None
        for _ in range(3):
            if holder is None:
                break
            src = _image_source(holder)
            if src:
                break
            holder = holder.getparent()
        img = next(holder.iter("img"), None) if holder is not None and src else None
        keys = _image_keys(holder) if holder is not None and src else set()
        figures.append(_Figure(caption, credit, src,
                               clean(img.get("alt")) or None if img is not None else None, keys))
    return figures + _adjacent_captions(body, {key for f in figures for key in f.keys})


_MAX_CAPTION = 300


def _outside_article(element: lxml.html.HtmlElement) -> bool:
    """Whether ``element`` is in the page's menus, footers, asides or page header (an
    article's own ``<header>`` is part of the article)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("nav", "footer", "aside"):
            return True
        if ancestor.tag == "header" and not any(
                a.tag in ("article", "main") for a in ancestor.iterancestors()):
            return True
    return False


def _adjacent_captions(body: lxml.html.HtmlElement, known: set[str]) -> list[_Figure]:
    """Captions that no markup names as such: the short text block that directly follows an
    image's container (the image and its caption side by side in one block, as CMSs without
    ``<figcaption>`` write them). Never a ``<p>`` (body text), never a link, never long."""
    found: list[_Figure] = []
    for img in body.iter("img"):
        src = _image_source(img)
        if not src or _image_key(src) in known or _outside_article(img):
            continue
        node = img
        for _ in range(3):
            sibling = node.getnext()
            while sibling is not None and not isinstance(sibling.tag, str):
                sibling = sibling.getnext()
            if sibling is not None:
                text = clean(sibling.text_content())
                if (sibling.tag in ("div", "span", "small") and 0 < len(text) <= _MAX_CAPTION
                        and next(sibling.iter("img", "p", "a", "h1", "h2", "h3", "ul", "li",
                                              "button", "form"), None) is None):
                    found.append(_Figure(text, None, src, clean(img.get("alt")) or None,
                                         _image_keys(node)))
                break
            node = node.getparent()
            if node is None or node.tag in ("body", "article", "main"):
                break
    return found


def _has_ancestor(element: lxml.html.HtmlElement, *tags: str) -> bool:
    return any(parent.tag in tags for parent in element.iterancestors())


def _caption_text(element: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """The caption and credit of a caption element: the credit is the part marked as one (a
    class naming a credit, a ``<small>`` or ``<cite>``)."""
    caption: list[str] = []
    credit: list[str] = []

    def walk(node: lxml.html.HtmlElement, in_credit: bool) -> None:
        if not isinstance(node.tag, str):
            return
        in_credit = in_credit or node is not element and (
            node.tag in ("small", "cite") or bool(_CREDIT_CLASS.search(node.get("class") or "")))
        (credit if in_credit else caption).append(node.text or "")
        for child in node:
            walk(child, in_credit)
            (credit if in_credit else caption).append(child.tail or "")

    walk(element, False)
    caption_text = clean("".join(caption))
    credit_text = _CREDIT_PREFIX.sub("", clean("".join(credit))) or None
    return caption_text or None, credit_text


def _image_source(element: lxml.html.HtmlElement) -> str | None:
    for img in element.iter("img", "source"):
        for attribute in ("src", "data-src", "data-original", "srcset", "data-srcset"):
            value = (img.get(attribute) or "").strip()
            if value and not value.startswith("data:"):
                return value.split(",")[0].split()[0]
    return None


def _image_keys(element: lxml.html.HtmlElement) -> set[str]:
    """The keys of every image address in ``element`` (all sizes of a responsive image)."""
    keys: set[str] = set()
    for img in element.iter("img", "source"):
        for attribute in ("src", "data-src", "data-original", "srcset", "data-srcset"):
            for candidate in (img.get(attribute) or "").split(","):
                candidate = candidate.strip().split(" ")[0]
                if candidate and not candidate.startswith("data:"):
                    keys.add(_image_key(candidate))
    return keys


def _image_key(src: str) -> str:
    """An image address without its query and size variants, to match the page's ``<img>``."""
    path = src.split("?")[0].split("#")[0]
    return path.rsplit("/", 1)[-1].lower()


def _figure_captions(figures: list[_Figure]) -> list[str]:
    """The text of every caption of the page (caption and credit, and each alone)."""
    found: list[str] = []
    for figure in figures:
        both = clean(f"{figure.caption or ''} {figure.credit or ''}")
        found.extend(t for t in (both, figure.caption, figure.credit) if t)
    return found


def _images(figures: list[_Figure], sources: list[tuple[str, str]], ld: dict[str, Any],
            meta_tags: dict[str, str]) -> list[Image]:
    """The article's images, lead first: those trafilatura kept in the body, each with the
    caption and credit of the page's caption around it; then the page's other captioned
    images; the page's lead image (JSON-LD ``image``, ``og:image``) when there is none."""
    by_key = {key: figure for figure in reversed(figures) for key in figure.keys}
    images: list[Image] = []
    used: set[int] = set()
    seen: set[str] = set()
    for src, alt in sources:
        key = _image_key(src)
        if key in seen:
            continue
        seen.add(key)
        figure = by_key.get(key)
        if figure is not None:
            used.add(id(figure))
        images.append(Image(alt=clean(alt) or None, caption=figure.caption if figure else None,
                            credit=figure.credit if figure else None, url=src))
    for figure in figures:
        if id(figure) in used or not figure.caption:
            continue
        images.append(Image(alt=figure.alt, caption=figure.caption, credit=figure.credit,
                            url=figure.src))
    lead_url = _ld_text(ld.get("image")) or meta_tags.get("og:image")
    if not images and lead_url:
        images.append(Image(alt=meta_tags.get("og:image:alt"), url=lead_url))
    return images


# --- HTML fragments (a ninjs body, a feed entry's content) ------------------------------------

_FRAGMENT_BLOCKS = {"p": "paragraph", "li": "bullet", "blockquote": "paragraph",
                    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
                    "h5": "heading", "h6": "heading", "pre": "paragraph", "dd": "paragraph"}


def fragment_pieces(fragment: str) -> list[Piece]:
    """The pieces of an HTML fragment that is all content (no page around it): its paragraphs,
    list items and headings, and its loose text as paragraphs."""
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for junk in root.xpath("//script|//style|//figure|//figcaption"):
        junk.drop_tree()
    pieces: list[Piece] = []
    blocks = [e for e in root.iter() if isinstance(e.tag, str) and e.tag in _FRAGMENT_BLOCKS
              and not any(a.tag in _FRAGMENT_BLOCKS for a in e.iterancestors())]
    if not blocks:
        return [Piece("paragraph", part) for part in re.split(r"\n\s*\n", root.text_content())
                if part.strip()]
    for element in blocks:
        kind = _FRAGMENT_BLOCKS[element.tag]
        text = clean(element.text_content())
        if not text:
            continue
        if kind == "paragraph":
            first = next(iter(element), None)
            if (first is not None and first.tag in ("b", "strong") and not clean(element.text)
                    and clean(first.text_content()).endswith(":")):
                label = clean(first.text_content())[:-1].strip()
                if label and len(label.split()) <= _LABEL_WORDS:
                    pieces.append(Piece("paragraph", text[len(label) + 1:].strip(), label=label))
                    continue
        pieces.append(Piece(kind, text))
    return pieces
