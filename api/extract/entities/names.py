"""Names: their clean and folded forms, countries, and the cross-article identity of an entity.

`entity_key` and `is_surname_alias` are what the storage layer needs to merge the same entity
across articles; `country_name` normalises a country's names and aliases through pycountry.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from api.extract.lexicon import COUNTRY_ALIASES, COUNTRY_SHORT_NAMES

LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def entity_key(type: str, name: str) -> str:
    """The cross-article identity of an entity: ``entity_key("GPE", "U.S.")`` is
    ``"GPE:united states"``.

    Stable under case, accents, curly apostrophes, a leading "the", spacing and, for places, the
    country's alias ("US", "U.S.", "America" and "United States" share one key).
    """
    if type in ("GPE", "LOC"):
        country = country_name(clean_name(name), allow_codes=True)
        if country is not None:
            return f"GPE:{fold(country)}"
    return f"{type}:{fold(clean_name(name))}"


def is_surname_alias(short: str, full: str) -> bool:
    """Whether the person named ``short`` can be the person named ``full`` ("Blinken", "Antony
    Blinken"): ``short`` is the last word(s) of a longer ``full``, compared without case or accents.

    The storage layer uses it to merge a surname-only person of one article into a full-named one
    of another; it should do so only when exactly one full name qualifies.
    """
    short_words, full_words = fold(short).split(), fold(full).split()
    return 0 < len(short_words) < len(full_words) and full_words[-len(short_words) :] == short_words


def canonical_form(label: str, name: str) -> tuple[str, str]:
    """The (type, canonical name) of a non-person candidate: a country is a GPE under its short
    ISO name ("U.S." -> "United States"); anything else keeps its cleaned name."""
    if label in ("GPE", "LOC", "ORG"):
        country = country_name(name, allow_codes=label == "GPE")
        if country is not None:
            return "GPE", country
    return label, name


@lru_cache(maxsize=4096)
def clean_name(text: str) -> str:
    """A name without a leading "the", a trailing possessive, or inner line breaks."""
    name = LEADING_THE.sub("", " ".join(text.split()))
    return TRAILING_POSSESSIVE.sub("", name).strip(" ,;:-")


@lru_cache(maxsize=4096)
def country_name(name: str, allow_codes: bool = False) -> str | None:
    """The short name of the country ``name`` names ("U.S." -> "United States", "Russian
    Federation" -> "Russia"), or None. ISO codes ("US", "GBR") count only with ``allow_codes``
    (spaCy said GPE), so that "IT" or "AI" in an organisation's name is not a country."""
    import pycountry

    folded = fold(name)
    code = COUNTRY_ALIASES.get(folded)
    if code is None:
        is_code = name.isupper() and name.replace(".", "").isalpha() and len(name) <= 3
        if is_code and not allow_codes:
            return None
        try:
            code = pycountry.countries.lookup(name).alpha_2
        except LookupError:
            return None
    if code in COUNTRY_SHORT_NAMES:
        return COUNTRY_SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for keys and comparisons."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = LEADING_THE.sub("", text.strip())
    return " ".join(text.casefold().split())


def person_name(names: list[str]) -> str | None:
    """A person's canonical name among the names used for them: the longest (most words), then
    the most used, then one not in capitals (transcripts print "AILSA CHANG"), then the first."""
    if not names:
        return None
    counts = Counter(names)
    return max(names, key=lambda n: (len(n.split()), counts[n], not n.isupper()))
