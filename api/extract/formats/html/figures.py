"""Images and their captions: the page's ``<figcaption>`` and caption-classed elements, captions
beside an image's container, each with its credit and image, matched to the images trafilatura
kept in the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.html

from api.extract.formats.html.metadata import ld_text
from api.extract.formats.render import clean
from api.extract.records import Image

_CREDIT_CLASS = re.compile(r"credit|copyright|source|byline|author|attribution", re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(r"^(?:photo|image|picture|credit|source|foto)s?\s*:\s*",
                            re.IGNORECASE)


@dataclass(slots=True)
class Figure:
    """A captioned image of the page: its caption, credit and address (if it has one)."""

    caption: str | None
    credit: str | None
    src: str | None
    alt: str | None
    keys: set[str]


def page_figures(tree: lxml.html.HtmlElement) -> list[Figure]:
    """Every caption of the page outside its menus and footers, with its image: the page's
    ``<figcaption>`` elements, and elements whose class names a caption (the markup of CMSs
    that write no ``<figure>``), each with the image of the nearest block around it."""
    figures: list[Figure] = []
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
        figures.append(Figure(caption, credit, src,
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


def _adjacent_captions(body: lxml.html.HtmlElement, known: set[str]) -> list[Figure]:
    """Captions that no markup names as such: the short text block that directly follows an
    image's container (the image and its caption side by side in one block, as CMSs without
    ``<figcaption>`` write them). Never a ``<p>`` (body text), never a link, never long."""
    found: list[Figure] = []
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
                    found.append(Figure(text, None, src, clean(img.get("alt")) or None,
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


def figure_captions(figures: list[Figure]) -> list[str]:
    """The text of every caption of the page (caption and credit, and each alone)."""
    found: list[str] = []
    for figure in figures:
        both = clean(f"{figure.caption or ''} {figure.credit or ''}")
        found.extend(t for t in (both, figure.caption, figure.credit) if t)
    return found


def article_images(figures: list[Figure], sources: list[tuple[str, str]], ld: dict[str, Any],
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
    lead_url = ld_text(ld.get("image")) or meta_tags.get("og:image")
    if not images and lead_url:
        images.append(Image(alt=meta_tags.get("og:image:alt"), url=lead_url))
    return images
