"""Metadata helpers shared by the readers: bylines, timestamps, languages, publishers."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from api.extract.formats.render import clean
from api.extract.records import LANGUAGE_MAX, META_MAX, ParsedArticle

# "By Jane Doe and John Roe, Reuters": "By" opens it, "and", "&", ",", ";" and "|" part names.
# "By", and its kin in the languages agencies write in ("Von", "Av", "Par", "Por", "Door").
_BY = re.compile(r"^\s*(?:written\s+)?(?:by|von|av|par|por|door|di|af)[:\s]+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\bog\b|\boch\b)\s*",
                         re.IGNORECASE)
# The tail of a byline that is a role or a date, not a name.
_ROLES = re.compile(
    r"\b(?:staff|reporter|correspondent|editor|writer|contributor|columnist|producer|"
    r"updated|published|posted|photograph(?:er|s)?|illustration)\b", re.IGNORECASE)
_MAX_NAME_WORDS = 6
# What makes the last part of a byline an organisation rather than a person.
_ORGANISATION = re.compile(
    r"\b(?:press|news|agency|agence|times|post|media|network|service|wire|staff|"
    r"reuters|bloomberg|afp|dpa|ap)\b", re.IGNORECASE)


def split_byline(byline: str | None, publisher: str | None = None) -> tuple[list[str], str | None]:
    """``(people, organisation)`` of a byline: "By Jane Doe and John Roe, Reuters" is
    ``(["Jane Doe", "John Roe"], "Reuters")``.

    A part of the byline is the organisation when it names the publisher, or when it comes last
    after people's names and is a single capitalised word or an all-capitals acronym
    ("Reuters", "AP"), names a kind of organisation ("... Press", "... News") or opens with
    "The" ("The Anti-Doping Database": people's names do not); the rest are people. A byline
    that is one organisation only ("Associated Press") gives ``([], "Associated Press")`` when
    it is the publisher, else the name as a person's.
    """
    text = clean(_BY.sub("", clean(byline)))
    if not text:
        return [], None
    parts = [part.strip(" .") for part in _SEPARATORS.split(text)]
    parts = [part for part in parts if part and not _ROLES.search(part)
             and len(part.split()) <= _MAX_NAME_WORDS and any(c.isalpha() for c in part)]
    organisation = None
    publisher_key = (publisher or "").casefold()
    if not parts:
        return [], None
    names_publisher = bool(publisher_key) and parts[-1].casefold() == publisher_key
    if len(parts) > 1 and (names_publisher or " " not in parts[-1]
                           or _ORGANISATION.search(parts[-1])
                           or parts[-1].casefold().startswith("the ")):
        organisation = parts.pop()
    return list(dict.fromkeys(parts)), organisation


def is_organisation(name: str, publisher: str | None = None) -> bool:
    """Whether a byline's name is an organisation's (the publisher, an agency), not a person's."""
    text = clean(name)
    return (" " not in text or bool(_ORGANISATION.search(text))
            or bool(publisher) and text.casefold() == clean(publisher).casefold())


def byline_organisation(values: list[str], publisher: str | None = None) -> str | None:
    """The organisation the first byline of ``values`` that names one names ("By Jane Doe and
    John Roe, Reuters" -> "Reuters"), or None."""
    for value in values:
        _people, organisation = split_byline(value, publisher)
        if organisation:
            return organisation
    return None


def author_names(values: list[str], publisher: str | None = None) -> list[str]:
    """The people named by ``values`` (each a name or a byline), each once, in order; the
    organisation alone when a byline names no person."""
    people: list[str] = []
    organisations: list[str] = []
    for value in values:
        found, organisation = split_byline(value, publisher)
        people.extend(found)
        if organisation:
            organisations.append(organisation)
    names = people or organisations
    return list(dict.fromkeys(name for name in names if name))


# --- timestamps -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_timestamp(value: str | None) -> str | None:
    """``value`` (ISO 8601, RFC 822 as feeds write it, or a plain date) as ISO 8601: a date
    alone stays a date; a time keeps its offset; a time without one stays without (it is the
    source's local time, unknown). None when it does not read as a time."""
    text = clean(value)
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)  # +0000 -> +00:00
    candidate = re.sub(r"\.(\d{6})\d+", r".\1", candidate)  # nanoseconds -> microseconds
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return moment.isoformat()


def date_of(timestamp: str | None) -> date | None:
    """The calendar date a timestamp names, as the source wrote it (its own offset)."""
    if not timestamp:
        return None
    try:
        return date.fromisoformat(timestamp[:10])
    except ValueError:
        return None


# --- languages and publishers -----------------------------------------------------------------

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def language_tag(value: str | None) -> str | None:
    """``value`` as a BCP 47 tag ("en_GB" -> "en-GB", "EN" -> "en"), or None if it is none."""
    text = clean(value)
    if not text or len(text) > LANGUAGE_MAX or not _LANGUAGE.match(text):
        return None
    first, *rest = re.split(r"[-_]", text)
    return "-".join([first.lower(), *(part.upper() if len(part) == 2 else part for part in rest)])


def is_english(language: str | None) -> bool:
    """Whether the English pipeline applies: English, or no language given (text files)."""
    return language is None or language.split("-")[0] == "en"


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``, or None."""
    if not url:
        return None
    host = urlsplit(url.strip()).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def leave_out_overlong(parsed: ParsedArticle) -> None:
    """Leave out of ``parsed`` each metadata value longer than its field holds (`META_MAX`),
    with a warning: never a value cut short, nor one the database refuses."""
    meta = parsed.meta

    def fits(field: str, value: str) -> bool:
        if len(value) <= META_MAX[field]:
            return True
        parsed.warnings.append(f"its {field.replace('_', ' ')} is {len(value)} characters long, "
                               f"more than the {META_MAX[field]} one holds: left out")
        return False

    if parsed.category is not None and not fits("category", parsed.category):
        parsed.category = None
    for field in ("uri", "publisher_name", "publisher_domain"):
        value = getattr(meta, field)
        if value is not None and not fits(field, value):
            setattr(meta, field, None)
    meta.authors = [name for name in meta.authors if fits("author", name)]
