"""Sports teams: in a match report, "Sweden defeated South Korea 1 – 0" names two teams.

spaCy reads a country or a city as a place wherever it stands, but in a sports story the side
that scores, wins, loses or has a goalkeeper is a team: an organisation ("Tunisia's coach",
"a goal for Belgium", "Belgium 3 – 0 Panama"). `mark_teams` relabels such names ORG for the
whole article (one entity, one type), and only in an article that reads as a sports report: a
score ("1 – 0", "2-1") and at least two sports words (`SPORT_WORDS`: "match", "goal",
"penalty"...). A place of the same story that only hosts ("at the Fisht Stadium in Sochi") stays
a place.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from api.extract.entities.candidates import Candidate
from api.extract.entities.names import clean_name
from api.extract.lexicon import SPORT_ROLES, SPORT_VERBS, SPORT_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SCORE = r"\d{1,2}\s?[–—-]\s?\d{1,2}(?![\d.,:/%]|\s?(?:years?|months?|days?|am|pm)\b)"
SCORE_ANYWHERE = re.compile(r"(?<![\d.,:/$£€-])\b" + SCORE)
SCORE_AFTER = re.compile(r"^[\s,;:—–-]{0,3}" + SCORE)
SCORE_BEFORE = re.compile(r"(?<![\d.,:/-])\d{1,2}\s?[–—-]\s?\d{1,2}[\s,;:—–-]{0,3}$")
WORDS = re.compile(r"[a-z][a-z-]+")
# Prepositions that attach a side to a sports verb or role: "lost to England", "a goal for
# Belgium", "the lead against Panama", "victory over Tunisia".
SIDE_PREPOSITIONS = frozenset({"against", "to", "for", "over", "vs", "vs.", "versus", "v", "v."})
PLACE_LABELS = frozenset({"GPE", "LOC"})


def is_sports_report(source: str) -> bool:
    """Whether ``source`` reads as a sports report: a score and two distinct sports words."""
    if SCORE_ANYWHERE.search(source) is None:
        return False
    return len(SPORT_WORDS.intersection(WORDS.findall(source.lower()))) >= 2


def mark_teams(doc: Doc, source: str, candidates: list[Candidate]) -> None:
    """Relabel as teams (ORG, ``team``) the places that play in a sports report: a name with a
    score written next to it, a side of a clause with a score, or that is at least twice a side
    (`_plays`), is a team in every one of its uses."""
    if not is_sports_report(source):
        return
    evidence: Counter[str] = Counter()
    for cand in candidates:
        if cand.label not in PLACE_LABELS or cand.in_credit:
            continue
        name = clean_name(cand.text)
        if _scored(source, cand):
            evidence[name] += 2
            continue
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None:
            evidence[name] += _plays(source, span.root)
    teams = {name for name, count in evidence.items() if count >= 2}
    for cand in candidates:
        if cand.label in PLACE_LABELS and clean_name(cand.text) in teams:
            cand.label, cand.team = "ORG", True


def _scored(source: str, cand: Candidate) -> bool:
    """A score right after or right before the name: "Sweden 1 – 0", "3 – 0 Panama"."""
    after = source[cand.end : cand.end + 12]
    before = source[max(0, cand.start - 12) : cand.start]
    return SCORE_AFTER.match(after) is not None or SCORE_BEFORE.search(before) is not None


def _plays(source: str, token: Token) -> int:
    """How surely ``token`` is a side: 2 for the subject, object or prepositional object of a
    sports verb whose clause gives a score ("Sweden defeated South Korea 1 – 0", "Tunisia lost
    1 – 2 to England"); 1 for such a role without a score, attached to a sports noun by a
    preposition ("a goal for Belgium"), or the possessor or modifier of a sports noun
    ("Tunisia's coach", "Panama coach"); 0 otherwise."""
    head = token.head
    verb = None
    if token.dep_ in ("nsubj", "dobj", "npadvmod", "dative"):
        verb = head
    elif token.dep_ == "pobj" and head.lower_ in SIDE_PREPOSITIONS:
        if head.head.lower_ in SPORT_ROLES:
            return 1
        verb = head.head
    if verb is not None and verb.lemma_.lower() in SPORT_VERBS:
        clause = source[verb.left_edge.idx : verb.right_edge.idx + len(verb.right_edge)]
        return 2 if SCORE_ANYWHERE.search(clause) else 1
    return int(token.dep_ in ("poss", "compound") and head.lower_ in SPORT_ROLES)
