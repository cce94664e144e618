"""The line-level reading of an article's stored text, for `api.extract.parse`.

The text's non-blank lines with their offsets; the header at the top (a date/category line, the
headline, an optional image alt text and credited caption); the labels that open sections
("Why it matters:") and the bullets that open list items. `api.extract.parse` assembles the body
from these. Every span indexes the source as given: ``source[start:end] == text``.

Pure code: no Flask, no database, no language model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from api.extract.records import Image

__all__ = [
    "LINKS_HEADING",
    "Line",
    "read_header",
    "slugify_label",
    "split_bullet",
    "split_label",
    "split_lines",
]

# --- lines -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line, trimmed: ``source[start:end] == text``.

    ``indent`` is the width of the leading whitespace, ``after_blank`` whether a blank line (or
    the start of the text) precedes it: paragraphs only run on across lines without a gap.
    """

    start: int
    end: int
    text: str
    indent: int
    after_blank: bool


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(source: str) -> list[Line]:
    """The non-blank lines of ``source`` with their offsets.

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line: `str.splitlines` would also split on
    form feeds and Unicode separators, which scraped text carries inside paragraphs.
    """
    lines: list[Line] = []
    after_blank = True
    for raw_start, raw_end in _line_bounds(source):
        raw = source[raw_start:raw_end]
        text = raw.strip()
        if not text:
            after_blank = True
            continue
        indent = len(raw) - len(raw.lstrip())
        line_start = raw_start + indent
        lines.append(Line(line_start, line_start + len(text), text, indent, after_blank))
        after_blank = False
    return lines


def _line_bounds(source: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every line of ``source``, line breaks excluded."""
    position = 0
    for match in _LINE_BREAK.finditer(source):
        yield position, match.start()
        position = match.end()
    yield position, len(source)


# --- the header: date line, headline, image ---------------------------------------------------

# "Jan 23, 2022 - World", "(no date) - Us House", "Jan 23, 2022", "- World".
_DATE_LINE = re.compile(r"^(?:(?P<date>.*?)\s+)?[-–—]\s+(?P<category>\S.*)$")
_NO_DATE = "(no date)"
# What a date looks like, parseable or not: a month name with a day and a year, or ISO.
_DATE_LIKE = re.compile(
    r"^(?:[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
    r"|\d{4}-\d{1,2}-\d{1,2})$"
)
_DATE_FORMATS = (
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%Y-%m-%d",
)

# The credit in a caption line: "Blinken in Geneva. Photo: Fabrice Coffrini/AFP via Getty
# Images". Only at the start of the line or after a sentence, so that a paragraph saying
# "... the Credit: ..." in passing is not taken for a caption.
_CREDIT_MARKER = re.compile(
    r"(?:^|(?<=[.!?\"”’)\]] ))"
    r"(?P<marker>Photo illustration|Illustration|Photos?|Image|Credit|Data):[ \t]*"
)
_MAX_CREDIT_LENGTH = 150


@dataclass(slots=True)
class _Header:
    published: date | None = None
    category: str | None = None
    headline: str | None = None
    image: Image = field(default_factory=Image)
    body_start: int = 0  # index of the first body line
    warnings: list[str] = field(default_factory=list)


def read_header(lines: list[Line]) -> _Header:
    """The date line, headline and image caption at the top of ``lines``."""
    header = _Header()
    index = 0
    if lines:
        dated = _parse_date_line(lines[0].text)
        if dated is not None:
            header.published, header.category, warning = dated
            if warning:
                header.warnings.append(warning)
            index = 1
    if index < len(lines):
        header.headline = lines[index].text
        index += 1
    else:
        header.warnings.append("no headline found")
    image, image_lines = _read_image(lines[index : index + 2])
    header.image = image
    header.body_start = index + image_lines
    return header


def _parse_date_line(text: str) -> tuple[date | None, str | None, str | None] | None:
    """``(published, category, warning)`` if ``text`` is a date line, else None.

    A line is a date line when what stands before its dash looks like a date (or is the
    corpus' "(no date)"), or when the whole line looks like a date. A date that looks like one
    but does not parse ("Feb 30, 2022") still makes a date line, with a warning.
    """
    match = _DATE_LINE.match(text)
    if match:
        date_text, category = (match["date"] or "").strip(), match["category"].strip()
    else:
        date_text, category = text.strip(), ""
    if date_text == _NO_DATE or (not date_text and category):
        return None, category or None, None
    if not _DATE_LIKE.match(date_text):
        return None
    published = _parse_date(date_text)
    warning = None if published else f"unparseable date line: {text!r}"
    return published, category or None, warning


def _parse_date(text: str) -> date | None:
    """``text`` as a date, or None: "Jan 23, 2022", "Sept. 5, 2021", "2022-01-23"..."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    cleaned = re.sub(r"^([A-Za-z]+)\.", r"\1", cleaned)  # "Jan." -> "Jan"
    cleaned = re.sub(r"\b(\d{1,2})\s+([A-Za-z]+)\.", r"\1 \2", cleaned)  # "5 Jan." -> "5 Jan"
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned, flags=re.IGNORECASE)
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, date_format).date()
        except ValueError:
            continue
    return None


def _read_image(candidates: list[Line]) -> tuple[Image, int]:
    """The image under the headline and how many lines it takes (0, 1 or 2).

    The caption line is recognised by its credit; the line between the headline and the
    caption, if there is one, is the image's alt text.
    """
    for position, line in enumerate(candidates):
        caption_and_credit = _split_caption(line.text)
        if caption_and_credit is None:
            continue
        caption, credit = caption_and_credit
        alt = candidates[0].text if position == 1 else None
        if alt is not None and (split_label(alt) or split_bullet(alt)):
            return Image(), 0  # a section or a list stands there, not an alt text
        return Image(alt=alt, caption=caption, credit=credit), position + 1
    return Image(), 0


def _split_caption(text: str) -> tuple[str | None, str | None] | None:
    """``(caption, credit)`` of a caption line, or None if ``text`` carries no credit."""
    match = _CREDIT_MARKER.search(text)
    if match is None:
        return None
    # A chart credit ("Data: FEC; Chart: Axios") is a credit through and through.
    credit_start = match.start() if match["marker"] == "Data" else match.end()
    credit = text[credit_start:].strip()
    if not credit or len(credit) > _MAX_CREDIT_LENGTH:
        return None
    caption = text[: match.start()].strip() or None
    return caption, credit


# --- labels and bullets ----------------------------------------------------------------------

# A label is a short phrase before the line's first colon, the colon followed by a space or
# the end of the line (so "10:30" or "https://" never open a section).
_LABEL = re.compile(r"^(?P<label>[^:\"“”«»‘]{1,60}?)[ \t]*:(?=\s|$)")
_MAX_LABEL_WORDS = 6
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
# Words that make "Schiff said:" or "Pompeo wrote on Twitter:" the introduction of a quote or
# a list in a sentence, not a label. These are verbs of speech, not labels: the labels
# themselves stay open-ended.
_INTRODUCING_VERBS = frozenset(
    {
        "said", "says", "say", "told", "tells", "tell", "tweeted", "tweets", "wrote", "writes",
        "write", "added", "adds", "argued", "argues", "asked", "asks", "replied", "replies",
        "responded", "notes", "noted", "explained", "explains", "stated", "states", "declared",
        "declares", "warned", "warns", "insisted", "insists", "continued", "continues", "concluded",
        "concludes", "announced", "announces", "recalled", "recalls", "answered", "answers",
        "claimed", "claims", "posted", "posts", "testified", "include", "includes", "including",
        "included", "reads", "read", "according", "saying", "admitted", "admits",
    }
)  # fmt: skip
# A phrase ending in one of these runs on into what follows the colon: "It will be:",
# "Merriam-Webster defines a blog as:", "Colbert went on:".
_DANGLING_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "as", "at", "be", "by", "for", "from", "in", "is", "are",
     "was", "were", "of", "on", "that", "to", "with", "like"}
)  # fmt: skip
_QUESTION_WORDS = frozenset({"what", "why", "how", "where", "when", "who", "which"})
_SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "it", "we", "they", "you"})
_OPENING_QUOTES = "\"“‘'«"
# "Data: FactSet; Chart: Axios Visuals" under a chart credits the chart, it opens nothing.
_CHART_CREDIT = re.compile(r"\bChart:")
# "•", "-", "*" need a space after them; "1)" and "2." too.
_BULLET = re.compile(r"^(?:[•◦▪▫●‣*-]|\d{1,3}[.)])[ \t]+(?=\S)")
LINKS_HEADING = re.compile(r"^(?P<heading>go deeper)[ \t]*:?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Label:
    """A label found at the start of a line: its text, and where the text after it starts."""

    text: str
    rest: int  # offset within the line where the text after the label begins


def split_label(text: str) -> _Label | None:
    """The label that opens the line ``text``, or None.

    "Go deeper ... Trump: ..." is the label "Go deeper" followed by a link on a topic.
    """
    match = _LABEL.match(text)
    if match is None or _CHART_CREDIT.search(text):
        return None
    label, rest = match["label"].strip(), match.end()
    ellipsis = _ELLIPSIS.search(label)
    if ellipsis:
        label, rest = label[: ellipsis.start()], ellipsis.end()
    after = text[rest:].lstrip()
    if not _reads_as_label(label, after):
        return None
    return _Label(label, len(text) - len(after))


def _reads_as_label(label: str, after: str) -> bool:
    """Whether ``label``, followed by a colon and ``after``, is a section label.

    A label is a short sentence-case phrase: "Why it matters", "Yes, but", "Thought bubble, via
    Axios' Felix Salmon". What is not: a sentence introducing a quote or a list ("Schiff said",
    "It will be", "He also praised the director: “...”"), a name ("McConnell: “...”", "Walter
    B. Jones, R-North Carolina", a transcript's "CHANG"), a title in Title Case ("Full
    Coverage"), or the first half of a sentence that runs on in lowercase after the colon.
    """
    words = label.split()
    if not words or len(words) > _MAX_LABEL_WORDS or not label[0].isupper():
        return False
    if not slugify_label(label) or not any(char.islower() for char in label):
        return False  # nothing to slug, or all capitals: a speaker tag or a kicker
    lowered = [word.strip(",.;!?()").lower() for word in words]
    # "What they're saying" asks a question; "Schiff said" reports speech.
    reports_speech = lowered[0] not in _QUESTION_WORDS and any(
        word in _INTRODUCING_VERBS for word in lowered
    )
    if reports_speech or lowered[-1] in _DANGLING_WORDS:
        return False
    if len(words) == 1 and not label[1:].islower() and len(label) > 1:
        return False  # "AbbVie", "McConnell", "HealthCare.gov": a name
    if len(words) > 1 and all(word[:1].isupper() for word in words):
        return False  # "Full Coverage", "Mike Simpson, R-Idaho": a title or a name
    if after[:1].islower():
        return False  # "Among the top 15 stories: her meetings with ..." is one sentence
    # "Barr: “...”", "He admitted: “...”" introduce a quote.
    introduces_quote = after[:1] in _OPENING_QUOTES
    return not (introduces_quote and (len(words) == 1 or lowered[0] in _SUBJECT_PRONOUNS))


def split_bullet(text: str) -> int | None:
    """Where the bullet's text starts, past its marker, or None if ``text`` is no bullet."""
    match = _BULLET.match(text)
    return match.end() if match else None


def slugify_label(label: str) -> str:
    """The URL-safe form of a section label: "What they're saying" -> "what-theyre-saying".

    Lowercase ASCII letters and digits joined by single hyphens; accents are folded
    ("Café" -> "cafe"), apostrophes dropped so that contractions stay one word, anything else
    separates words. A label with no ASCII letter or digit gives "".
    """
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    without_apostrophes = re.sub(r"['`]", "", folded.lower())
    return re.sub(r"[^a-z0-9]+", "-", without_apostrophes).strip("-")
