"""Candidates: the spans that may name an entity, from spaCy and from what it missed.

`spacy_candidates` (spaCy's spans in the regions, tidied), `honorific_candidates` (people after
"Mr", "Ms", "Dr"...), `drop_non_references` (idioms in quotations, capitalised common words),
`speaker_candidates` and `mark_speakers` (speech verbs' subjects), `complete_surnames`
("Malashenko said" -> the "Alexei Malashenko" spaCy missed before it). Photo credits are parsed
in `api.extract.entities.credits`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from api.extract.entities.names import (
    GLUED,
    clean_name,
    country_name,
    fold,
    has_inner_capital,
    is_common_word_name,
    is_first_name,
    is_glued,
    is_time_zone,
    joins_two_names,
    name_end,
    person_name_start,
)
from api.extract.entities.regions import Region, region_at, token_at
from api.extract.language import given_name_kind, honorific_gender
from api.extract.lexicon import (
    HONORIFIC_PATTERN,
    KEPT_TYPES,
    NAME_LINKS,
    NAME_LINKS_RUN_ON,
    ORG_WORDS,
    PERSON_TITLES,
    POSSESSIVE,
    ROLE_WORDS,
    SPEECH_VERBS,
)
from api.extract.quotation import inside

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass(slots=True)
class Candidate:
    """A span that may name an entity: ``source[start:end] == text``."""

    start: int
    end: int
    text: str
    label: str
    title: str | None = None
    in_credit: bool = False
    gender: str | None = None  # from an honorific: "Ms Diemont" -> "f"
    speaks: bool = False  # the subject of a speech verb ("Nunes said")
    tentative: bool = False  # found by `speaker_candidates`, kept once the full name is known
    weak: bool = False  # in a headline, caption or heading: joins a named entity or nothing
    modifier: bool = False  # a noun's modifier ("the Trump campaign"): says nothing of its type
    titled: bool = False  # right after a person's title ("President Trump"): a person
    team: bool = False  # a place that plays in a sports report ("Sweden defeated ..."): an ORG


# "post-Cold War" is a period and "pro-Beijing" a stance: adjectives made from a name, which no
# more mention the entity than a date does.
DERIVED_PREFIX = re.compile(r"^(?:post|pre|mid|late|early|pro|anti|non)-", re.IGNORECASE)


def spacy_candidates(doc: Doc, regions: list[Region], exclude: Region | None) -> list[Candidate]:
    """spaCy's entities of the kept types inside ``regions`` (outside ``exclude``), trimmed of a
    trailing possessive and punctuation and of leading lower-case words, and cut where the name
    ends (`names.name_end`: "World Health Organisation (WHO", "Sweden 1" of a score,
    "Washington D.C. Image"; a person's after a leading acronym, "CNN Brooks"); a word derived
    from a name ("post-Cold War", "pro-Beijing") is a period or a stance and a time zone ("GMT")
    a value: both are left out. A place written like a site or product ("YouTube", "NY1") is an
    organisation; every other candidate keeps spaCy's label for now."""
    candidates = []
    words: set[str] | None = None  # the article's words, when a name looks glued
    for ent in doc.ents:
        if ent.label_ not in KEPT_TYPES or region_at(regions, ent.start_char) is None:
            continue
        if exclude is not None and exclude.start <= ent.start_char < exclude.end:
            continue
        if DERIVED_PREFIX.match(ent.text):
            continue
        tokens = list(ent)
        # "Morgan McNeely\n\nMcNeely": a name never runs over a line break.
        cut = next((i for i, t in enumerate(tokens) if "\n" in t.text), None)
        if cut is not None:
            tokens = tokens[:cut]
        while tokens and (tokens[-1].text in POSSESSIVE or tokens[-1].is_punct):
            tokens.pop()
        if tokens and tokens[-1].text in NAME_LINKS:
            tokens = _past_link(doc, tokens, ent.label_ != "PERSON")
        # "magician David Gish": a lower-case word before a name is a role or a modifier, not part
        # of the name; "the" stays before places and organisations ("the Soviet Union").
        label = ent.label_
        keep_the = label != "PERSON"
        while tokens and tokens[0].is_lower and not (keep_the and tokens[0].lower_ == "the"):
            tokens.pop(0)
        # "Ms Diemont": an honorific makes the name a person's, whatever spaCy's label, and gives
        # the gender that pronouns must agree with; it is not part of the name.
        gender = None
        if len(tokens) > 1 and honorific_of(tokens[0]) is not None:
            gender, label = honorific_of(tokens.pop(0)), "PERSON"
        if not tokens or not any(ch.isupper() for t in tokens for ch in t.text):
            continue  # "the" or a lower-case phrase is not a name
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = "".join(t.text_with_ws for t in tokens)[: end - start]
        following = "".join(t.text_with_ws for t in doc[tokens[-1].i + 1 : tokens[-1].i + 3])
        text = text[: name_end(text, tokens[-1].whitespace_ + following)]
        if label == "PERSON":
            cut = person_name_start(text)
            start, text = start + cut, text[cut:]
            if GLUED.search(text) is not None:
                if words is None:
                    words = {token.text for token in doc}
                if any(is_glued(word, words) for word in text.split()):
                    continue  # link texts run together ("John TrumpGOP"): no one's name
        if not text or is_time_zone(text):
            continue
        if label in ("GPE", "LOC") and has_inner_capital(text):
            label = "ORG"
        candidates.append(Candidate(start, start + len(text), text, label, gender=gender))
    return candidates


def _past_link(doc: Doc, tokens: list[Token], runs_on: bool) -> list[Token]:
    """A span spaCy ended on a joining word ("The Foundation for Individual Rights in" of "...
    Rights in Education, which has sued colleges"): an organisation's, place's or work's runs
    on over the capitalised words after "in", "of", "for", "on" or "at" on its line (up to
    three); any other ends before the joining word ("Ilhan Omar of Minnesota", "Sweeney Todd
    and A Funny Thing": two names)."""
    following = []
    i = tokens[-1].i + 1
    while (runs_on and tokens[-1].text in NAME_LINKS_RUN_ON and i < len(doc) and len(following) < 3
           and doc[i].is_title and not doc[i].is_sent_start
           and "\n" not in doc[i - 1].text_with_ws):
        following.append(doc[i])
        i += 1
    if following:
        return tokens + following
    while tokens and tokens[-1].text in NAME_LINKS:
        tokens = tokens[:-1]
    return tokens


def covered_offsets(candidates: list[Candidate]) -> set[int]:
    """The character offsets some candidate already spans."""
    return {offset for cand in candidates for offset in range(cand.start, cand.end)}


def honorific_candidates(
    doc: Doc, source: str, regions: list[Region], candidates: list[Candidate]
) -> list[Candidate]:
    """People spaCy missed but an honorific announces: "Ms Jones" -> PERSON "Jones" (gender f);
    not a role it addresses ("Mr. President")."""
    covered = covered_offsets(candidates)
    found = []
    for match in HONORIFIC_PATTERN.finditer(source):
        honorific = token_at(doc, match.start())
        if honorific is None or region_at(regions, match.start()) is None:
            continue
        end = honorific.i + 1
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        names = doc[honorific.i + 1 : end]
        if not names or names[0].idx in covered or all(t.lower_ in ROLE_WORDS for t in names):
            continue  # "Mr. President", "Madam Speaker": an address, not a name
        start, stop = names[0].idx, names[-1].idx + len(names[-1])
        gender = honorific_of(honorific)
        found.append(Candidate(start, stop, source[start:stop], "PERSON", gender=gender))
    return found


def honorific_of(token: Token) -> str | None:
    """The gender an honorific gives ("Mr" -> "m", "Ms" -> "f", "Dr" -> ""), or None."""
    return honorific_gender(token.lower_)


def drop_non_references(
    doc: Doc, candidates: list[Candidate], quotes: list[tuple[int, int]], lower_words: set[str]
) -> list[Candidate]:
    """Drop spans that refer to no entity of the article.

    - A single word that opens its sentence, a line or a quotation and that the tagger does not
      call a proper noun ("Background", "Notes" as a heading), or that the article also writes in
      lower case (``lower_words``: "Iodine released from ..."), is a common word capitalised by
      its position.
    - Any other one-word name that is a common word of the article (`is_common_word_name`):
      the article writes it in lower case too and no longer name holds it.
    - A one-word PERSON that "the" determines ("played the Joker") is a role or a character.
    - Two names by a shared head ("North and South Korea") when the article names one of them
      on its own: each is its own entity.
    - A one-word place in the possessive before a common noun inside a quotation, named nowhere
      else in the article and not a country, is an idiom ("a Pandora's box", "Achilles' heel"),
      not a place.
    """
    counts: dict[str, int] = defaultdict(int)
    names = {fold(clean_name(cand.text)) for cand in candidates}
    name_words: set[str] = set()
    for cand in candidates:
        counts[cand.text] += 1
        words = clean_name(cand.text).split()
        if len(words) > 1 and cand.label == "PERSON":
            name_words.update(fold(word) for word in words)
    kept = []
    for cand in candidates:
        if _is_capitalised_common_word(doc, cand, lower_words):
            continue
        if (
            cand.gender is None
            and not _after_person_title(doc, cand)
            and is_common_word_name(cand.text, lower_words, name_words)
        ):
            continue
        if cand.label == "PERSON" and cand.gender is None and _the_one_word(doc, cand):
            continue
        if joins_two_names(cand.text, names):
            continue
        if (
            cand.label in ("GPE", "LOC")
            and counts[cand.text] == 1
            and inside(quotes, cand.start, cand.end)
            and _is_common_noun_possessive(doc, cand)
            and country_name(cand.text) is None
        ):
            continue
        kept.append(cand)
    return kept


def _the_one_word(doc: Doc, cand: Candidate) -> bool:
    """Whether ``cand`` is one word that "the" determines ("played the Joker", "the Sun"): a
    role, a character or a thing, since English writes no person's name after "the". "The" of a
    noun the name modifies does not count ("the Trump administration")."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or len(span) != 1 or span.start == 0:
        return False
    token, before = span[0], doc[span.start - 1]
    return (
        before.lower_ == "the"
        and before.head.i == token.i
        and token.dep_ not in ("compound", "amod", "nmod", "poss")
    )


def _after_person_title(doc: Doc, cand: Candidate) -> bool:
    """Whether a person's title stands right before the candidate ("President Bush")."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.is_title and before.lower_.rstrip(".") in PERSON_TITLES


def _is_capitalised_common_word(doc: Doc, cand: Candidate, lower_words: set[str]) -> bool:
    span = doc.char_span(cand.start, cand.end)
    if span is None or len(span) != 1:
        return False
    token = span[0]
    before = doc[token.i - 1] if token.i > 0 else None
    opens = (
        token.is_sent_start
        or before is None
        or "\n" in before.text_with_ws
        or before.is_quote
        or before.text in "([—–-:"
    )
    if not opens or token.is_upper:
        return False
    return token.pos_ != "PROPN" or token.lower_ in lower_words


def _is_common_noun_possessive(doc: Doc, cand: Candidate) -> bool:
    span = doc.char_span(cand.start, cand.end)
    if span is None or len(span) != 1 or span.end + 1 >= len(doc):
        return False
    marker, noun = doc[span.end], doc[span.end + 1]
    return marker.text in POSSESSIVE and noun.pos_ == "NOUN" and noun.is_lower


def mark_speakers(doc: Doc, candidates: list[Candidate]) -> None:
    """Flag the candidates that are the subject of a speech verb ("Nunes said", "Cerato
    admitted"): strong evidence that a name spaCy hesitates over is a person's; that follow a
    person's title ("President Trump": `PERSON_TITLES`), which decides; and that only modify a
    common word or are a possessor ("the Trump campaign", "Trump-related", "Trump's taxes"),
    which says nothing of their type."""
    for cand in candidates:
        if cand.in_credit:
            continue
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        cand.modifier = len(span) == 1 and (
            (root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.pos_ == "NOUN")
            or root.dep_ == "npadvmod"
        ) and root.head.is_lower
        before = doc[span.start - 1] if span.start > 0 else None
        cand.titled = (
            before is not None and before.is_title and before.lower_.rstrip(".") in PERSON_TITLES
        )
        cand.speaks = (
            root.dep_ == "nsubj"
            and root.pos_ == "PROPN"
            and root.head.pos_ == "VERB"
            and root.head.lemma_.lower() in SPEECH_VERBS
        )


def speaker_candidates(
    doc: Doc, candidates: list[Candidate], regions: list[Region], quotes: list[tuple[int, int]]
) -> list[Candidate]:
    """People spaCy missed that speak: the subject of a speech verb made of one to three
    capitalised proper nouns outside quotations and outside every candidate ("Laurin said",
    "Tim Guest says") is a PERSON. Only tentatively: `complete_surnames` keeps it when the
    article also gives the full name ("For Carole Laurin, ...") or it is one, since an
    organisation speaks too ("Suncor said")."""
    covered = covered_offsets(candidates)
    found = []
    for token in doc:
        if not (
            token.dep_ == "nsubj"
            and token.pos_ == "PROPN"
            and token.head.pos_ == "VERB"
            and token.head.lemma_.lower() in SPEECH_VERBS
            and token.idx not in covered
            and first_name_word(token)
            and token.lower_ not in ORG_WORDS
        ):
            continue
        first = name_start(doc, token, lambda word: word.idx in covered)
        start, end = doc[first].idx, token.idx + len(token.text)
        if region_at(regions, start) is None or inside(quotes, start, end):
            continue
        found.append(Candidate(start, end, doc.text[start:end], "PERSON", tentative=True))
    return found


def name_start(doc: Doc, token: Token, excluded: Callable[[Token], bool]) -> int:
    """Where a name ending at ``token`` starts: up to two capitalised name words right before it,
    on its line ("Carole" of "Carole Laurin"), stopping at a word ``excluded`` rejects."""
    first = token.i
    while (
        token.i - first < 2
        and first > 0
        and first_name_word(doc[first - 1])
        and doc[first - 1].whitespace_ == " "
        and not excluded(doc[first - 1])
    ):
        first -= 1
    return first


def complete_surnames(
    doc: Doc, source: str, candidates: list[Candidate], regions: list[Region]
) -> list[Candidate]:
    """Give a person known only by a surname ("Malashenko said") the full name the article
    introduced them with and spaCy missed ("Alexei Malashenko, a leading Moscow-based expert,
    said"): one or two capitalised proper nouns right before the surname, on its line, that are
    no role ("Mayor"), no honorific, no other entity and no common word capitalised as a
    sentence's first or a title's last and nothing else `_no_part_of_name` tells ("Top Trump
    administration officials", "Medal of Freedom Trump", "for Ukraine Kurt Volker"), make a
    PERSON candidate that replaces the surname's own candidate there. The surname's other uses
    then link to it."""
    singles: set[str] = set()
    full: set[str] = set()
    for cand in candidates:
        if cand.in_credit or cand.label != "PERSON":
            continue
        words = clean_name(cand.text).split()
        if len(words) == 1:
            singles.add(words[0])
        else:
            full.add(fold(words[-1]))
    wanted = {name for name in singles if fold(name) not in full and name[:1].isupper()}
    other_tokens: set[int] = set()
    for cand in candidates:
        if cand.label != "PERSON" or cand.in_credit:
            span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
            if span is not None:
                other_tokens.update(range(span.start, span.end))
    added: list[Candidate] = []
    words = {token.text for token in doc} if wanted else set()
    for token in doc:
        if token.text not in wanted or region_at(regions, token.idx) is None:
            continue
        first = name_start(
            doc, token,
            lambda word, surname=token: word.i in other_tokens
            or _no_part_of_name(word, surname, words),
        )  # fmt: skip
        if first == token.i:
            continue
        start, end = doc[first].idx, token.idx + len(token.text)
        added.append(Candidate(start, end, source[start:end], "PERSON"))
    kept = [c for c in candidates if not any(a.start <= c.start < a.end for a in added)]
    # A speech verb's subject spaCy missed is kept once the article gives its full name.
    completed = {fold(clean_name(c.text).split()[-1]) for c in added} | full
    kept = [
        c for c in kept if not c.tentative or fold(clean_name(c.text).split()[-1]) in completed
    ]
    return sorted(kept + added, key=lambda c: c.start)


def _no_part_of_name(word: Token, surname: Token, words: set[str]) -> bool:
    """Whether ``word``, a capitalised proper noun before ``surname``, is no part of that
    person's name: two words run together (`is_glued`: "GrassleySpeaker" of "Charles (Chuck)
    Ernest GrassleySpeaker Pelosi, it's time ..." in a link list), a common word capitalised
    (`_capitalised_as_word`), or a country, no given name anywhere, before a first name
    ("Ukraine" of "Special Representative for Ukraine Kurt Volker"). A rare given name after a
    possessive is the name's ("Youngspiration's Baggio Leung")."""
    if is_glued(word.text, words) or _capitalised_as_word(word, surname):
        return True
    return (given_name_kind(word.text) == "unknown" and country_name(word.text) is not None
            and word.i + 1 < surname.i and is_first_name(word.nbor(1).text))


def _capitalised_as_word(word: Token, surname: Token) -> bool:
    """Whether ``word``, before ``surname``, is a common word and no given name, capitalised
    because it ends a title after "of" ("Freedom" of "Medal of Freedom Trump awards ..." in a
    link list) or because it opens a sentence whose surname is only a noun's modifier ("Top" of
    "Top Trump administration officials are ..."). "Alexei" of "Alexei Malashenko, a leading
    ... expert, said" is a given name."""
    if given_name_kind(word.text) != "unknown":
        return False
    before = word.nbor(-1) if word.i > 0 else None
    if before is not None and before.text == "of":
        return True
    opens = before is None or word.is_sent_start or "\n" in before.text_with_ws
    return opens and _modifies(surname)


def _modifies(token: Token) -> bool:
    """Whether ``token`` only modifies the noun after it ("Trump" of "Trump administration")."""
    return token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.i > token.i


def first_name_word(token: Token) -> bool:
    """A word that can be part of a person's name before the surname: a capitalised proper
    noun that is no honorific or role word and no date, time or number. (Callers check that
    no candidate of another type covers it: spaCy's own entity may run over a line break.)"""
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.is_alpha
        and honorific_of(token) is None
        and token.lower_ not in ROLE_WORDS
        and (token.ent_type_ == "" or token.ent_type_ in KEPT_TYPES)
    )
