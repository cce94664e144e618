"""Photo credits, parsed by their own grammar ("A B/AFP via Getty Images")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from api.extract.entities.candidates import Candidate
from api.extract.entities.regions import Region
from api.extract.lexicon import AGENCY_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc


# What may open a part of a credit: its own label ("Data: ...; Chart: ..."), "Courtesy of", "the".
CREDIT_LEAD = re.compile(
    r"(?:(?P<label>[A-Z][a-z]+(?: [a-z]+)?):\s*)?(?:(?i:courtesy of|photos? by)\s+)?"
    r"(?:(?i:the)\s+)?"
)


CREDIT_SEPARATOR = re.compile(r"\s*(/|\bvia\b|\bfor\b|;|,|&|\band\b)\s*")


AFTER_AGENCY = ("/", "via", "for")  # "A/AFP", "AFP via Getty Images", "A for The New York Times"


def credit_candidates(source: str, credit: Region, doc: Doc) -> list[Candidate]:
    """The photographer and agencies of a photo credit such as "Fabrice Coffrini/AFP via Getty
    Images": the part before a slash is a person, parts after "/" or "via" are organisations;
    a part ending in an agency word is the agency wherever it stands ("AP Photo/Evan Vucci" is
    the AP's photo by Evan Vucci).

    A credit with no separator is an organisation when spaCy says so or its last word is an
    agency word ("Getty Images"), a person when it is two to four capitalised words.
    """
    text = source[credit.start : credit.end]
    pieces: list[tuple[int, int, str | None]] = []  # (start, end, separator after)
    cursor = 0
    for match in CREDIT_SEPARATOR.finditer(text):
        pieces.append((cursor, match.start(), match.group(1)))
        cursor = match.end()
    pieces.append((cursor, len(text), None))

    candidates = []
    previous_separator: str | None = None
    previous_label: str | None = None
    for start, end, separator in pieces:
        lead = CREDIT_LEAD.match(text, start, end)
        if lead:
            start = lead.end()
        while end > start and not text[end - 1].isalnum():
            end -= 1
        piece = text[start:end]
        label = None
        if piece and piece[0].isupper():
            words = piece.split()
            if words[-1].lower() in AGENCY_WORDS:
                label = "ORG"
                if words[-1].lower() in ("photo", "photos") and len(words) > 1:
                    end = start + piece.rindex(" ")  # "AP Photo" -> "AP"
            elif lead and (lead.group("label") or "").lower() in ("data", "source", "sources"):
                label = "ORG"  # "Data: Federal Election Commission" names an institution
            elif previous_separator == "/" and previous_label == "ORG" and separator is None:
                label = "PERSON"
            elif previous_separator in AFTER_AGENCY:
                label = "ORG"
            elif separator in AFTER_AGENCY:
                label = "PERSON"
            else:
                label = _lone_credit_label(
                    doc, source, credit.start + start, credit.start + end, piece
                )
            s, e = credit.start + start, credit.start + end
            candidates.append(Candidate(s, e, source[s:e], label, in_credit=True))
        previous_separator, previous_label = separator, label
    return candidates


def _lone_credit_label(doc: Doc, source: str, start: int, end: int, piece: str) -> str:
    if re.search(r"\bthe\s+$", source[max(0, start - 4) : start], re.IGNORECASE):
        return "ORG"  # "Courtesy of the White House": an institution, never a person
    span = doc.char_span(start, end)
    if span is not None and span[-1].ent_type_ in ("PERSON", "ORG"):
        return span[-1].ent_type_
    words = piece.split()
    looks_like_name = 2 <= len(words) <= 4 and all(w[0].isupper() for w in words)
    if looks_like_name and words[-1].lower() not in AGENCY_WORDS:
        return "PERSON"
    return "ORG"
