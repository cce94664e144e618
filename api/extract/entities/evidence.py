"""Evidence for a name's type, beside spaCy's label: a first name, an organisation or facility
word, one label per name in the article.

spaCy's label flips with the context and misses what a reader sees in the words themselves:
"Dean Kamen" (a first name) is a person even where spaCy says ORG, "Sea Org" and "Orange County
Republican Party" are organisations, "Metro Toronto Convention Centre" is a building. The tests
on the words are in `names`; this module applies them to the article's candidates
(`correct_types`), joins a person's name that spaCy cut in two ("Valeska" + "Paris":
`join_first_names`) and cuts words run into a name before or after it ("Ukraine Kurt Volker",
"Jeff Sessions Jefferson": `trim_names`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from api.extract.entities.candidates import Candidate
from api.extract.entities.names import (
    clean_name,
    country_name,
    fold,
    inverted_name_spans,
    is_first_name,
    is_news_outlet,
    person_name_start,
    type_evidence,
)
from api.extract.entities.regions import Region, region_at
from api.extract.language import given_name_kind

AFTER_THE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def correct_types(source: str, candidates: list[Candidate], lower_words: set[str]) -> None:
    """Correct each candidate's label by what its name's words say (`type_evidence`),
    one decision per name (and per "the" before it) for the whole article:

    - a news organisation's name (`NEWS_OUTLETS`) is an organisation's, whatever the label;
    - an organisation word makes a person, place or facility an organisation;
    - an event word makes a person, organisation, place or facility an event ("Fan Expo
      Canada", "Northern Arena Esports Championship");
    - a facility word makes an organisation or place a facility, and a person's name written
      after "the" too ("the Bat Cave");
    - a first name makes an organisation, place or work a person, when the name is not written
      after "the" ("The Brooklyn Paper") and the article backs it: the surname is used alone
      ("Kamen said"), the name speaks, or spaCy called it an ORG or GPE and its last word is no
      word the article writes in lower case (``lower_words``).
    Credits and names with an honorific keep theirs; countries are never corrected.
    """
    decided: dict[tuple[str, bool], str] = {}
    alone = {fold(clean_name(c.text)) for c in candidates if " " not in clean_name(c.text)}
    speaking = {clean_name(c.text) for c in candidates if c.speaks}
    for cand in candidates:
        if cand.in_credit or cand.gender is not None:
            continue
        name = clean_name(cand.text)
        after_the = (
            AFTER_THE.search(source, max(0, cand.start - 4), cand.start) is not None
            or cand.text[:4].lower() == "the "
        )
        key = (name, after_the)
        if key not in decided:
            decided[key] = _corrected(cand.label, name, after_the, alone, speaking, lower_words)
        cand.label = decided[key]


def _corrected(
    label: str,
    name: str,
    after_the: bool,
    alone: set[str],
    speaking: set[str],
    lower_words: set[str],
) -> str:
    evidence = type_evidence(name)
    corrected = label
    if is_news_outlet(name):
        corrected = "ORG"  # "Axios" as a NORP, "Politico" as a person
    elif evidence == "ORG" and label in ("PERSON", "GPE", "LOC", "FAC", "PRODUCT"):
        corrected = "ORG"
    elif evidence == "EVENT" and label in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
        corrected = "EVENT"
    elif evidence == "FAC" and (label in ("ORG", "GPE", "LOC") or label == "PERSON" and after_the):
        corrected = "FAC"
    elif evidence == "PERSON" and label != "PERSON" and not after_the:
        surname = name.split()[-1]
        backed = (
            fold(surname) in alone
            or name in speaking
            or (surname.lower() not in lower_words and label in ("ORG", "GPE"))
        )
        corrected = "PERSON" if backed else label
    if corrected != label and country_name(name) is not None:
        return label  # a country's name keeps its sense
    return corrected


def trim_names(candidates: list[Candidate], lower_words: set[str]) -> list[Candidate]:
    """Persons' names cut where the name starts: after a headline's colon or dash, a leading
    acronym or organisation word (`person_name_start`: "The Money: Trump", a work for spaCy and
    a person since), and after a word before it that is no part of it. That word is no given
    name anywhere (`given_name_kind`: not "Mitt", "Will" nor "Pat") and is either

    - a common word capitalised, which the article also writes in lower case (``lower_words``:
      "Top Trump", "Freedom Trump" of headlines and link lists run into the prose);
    - or, before a first name, a country ("Special Representative for Ukraine Kurt Volker")
      or a word the article drops elsewhere ("Corrupt Joe Biden" beside "Joe Biden");
    - or, before the surname of another person the article names in full, the surname of yet
      another ("edited clip of Barr Trump lashes out" beside "William Barr" and "Donald J.
      Trump": headlines of a link list run together);

    and before a given name run into its end (`_trailing_given_name`: "Jeff Sessions
    Jefferson"). "Hillary Rodham Clinton", "Ruth Bader Ginsburg" and "Mitt Romney" stay whole."""
    people = {fold(clean_name(c.text)) for c in candidates if c.label == "PERSON"}
    surnames = Counter(name.split()[-1] for name in people if " " in name)
    trimmed = []
    for cand in candidates:
        cut = person_name_start(cand.text) if cand.label == "PERSON" else 0
        if cut:  # a label corrected to a person's since spaCy's spans were cut
            cand = replace(cand, start=cand.start + cut, text=cand.text[cut:])
        words = cand.text.split()
        if cand.label == "PERSON" and len(words) >= 2 and (
                _leading_word(words, people, lower_words)
                or _another_surname(words, surnames)):
            cut = cand.text.index(words[1], len(words[0]))
            cand = replace(cand, start=cand.start + cut, text=cand.text[cut:])
            words = words[1:]
        if cand.label == "PERSON" and _trailing_given_name(words, people):
            end = cand.text.rindex(words[-1])
            text = cand.text[:end].rstrip()
            cand = replace(cand, end=cand.start + len(text), text=text)
        trimmed.append(cand)
    return trimmed


def _trailing_given_name(words: list[str], people: set[str]) -> bool:
    """ "Jeff Sessions Jefferson" of "Attorney General Jeff Sessions Jefferson (Jeff)
    Beauregard Sessions", a link's text run into the prose: a given name after a full name
    the article names on its own, whose last word is no given name ("Mary Ann Thomas" stays)."""
    return (
        len(words) >= 3
        and is_first_name(words[-1])
        and not is_first_name(words[-2])
        and fold(clean_name(" ".join(words[:-1]))) in people
    )


def _another_surname(words: list[str], surnames: Counter[str]) -> bool:
    """Whether a person's span is two people's surnames run together (`trim_names`): its first
    word, no given name anywhere, and its last are each the surname of another person the
    article names in full. A surname written first stays ("Leung Kwok-hung" beside "Baggio
    Leung"), and so does a rare given name ("Starry Lee")."""
    first, last = fold(words[0]), fold(words[-1])
    return (words[0].isalpha() and words[0].istitle() and first != last
            and given_name_kind(words[0]) == "unknown"
            and surnames[first] > 0 and surnames[last] > 1)  # one of them: the span itself


def _leading_word(words: list[str], people: set[str], lower_words: set[str]) -> bool:
    first = words[0]
    if len(first) < 3 or not first.isalpha() or not first.istitle():
        return False  # "La David Johnson": a particle of the name
    if given_name_kind(first) != "unknown":
        return False
    if first.lower() in lower_words:
        return True
    return (
        len(words) >= 3
        and is_first_name(words[1])
        and (fold(clean_name(" ".join(words[1:]))) in people or country_name(first) is not None)
    )


def join_first_names(source: str, candidates: list[Candidate]) -> list[Candidate]:
    """spaCy cuts some names in two ("Valeska" GPE, "Paris" GPE): a lone first name followed,
    after one space, by a one- or two-word capitalised name of the same label (not PERSON, not
    a country) is one person's name; so are two candidates one space apart that make a person's
    full name the article uses elsewhere ("Dries" + "Mertens"). ``candidates`` are in source
    order."""
    joined: list[Candidate] = []
    people = {
        fold(clean_name(c.text))
        for c in candidates
        if " " in clean_name(c.text)
        and not c.in_credit
        and (c.label == "PERSON" or type_evidence(clean_name(c.text)) == "PERSON")
    }
    full_names = sorted(
        {clean_name(c.text) for c in candidates if fold(clean_name(c.text)) in people},
        key=len,
        reverse=True,
    )
    for cand in candidates:
        previous = joined[-1] if joined else None
        if previous is not None and previous.end > cand.start:
            continue  # inside a name already completed
        cand = _completed(source, cand, full_names)
        if previous is not None and (
            _cut_name(source, previous, cand) or _cut_known_name(source, previous, cand, people)
        ):
            joined[-1] = Candidate(
                previous.start, cand.end, source[previous.start : cand.end], "PERSON",
                title=previous.title, speaks=cand.speaks, weak=cand.weak,
            )  # fmt: skip
            continue
        joined.append(cand)
    return joined


def _completed(source: str, cand: Candidate, full_names: list[str]) -> Candidate:
    """The one-word candidate stretched over the person's full name it opens ("Dries" where the
    source goes on "Dries Mertens", a name the article gives a person elsewhere), else itself."""
    if cand.in_credit or " " in cand.text:
        return cand
    for name in full_names:
        end = cand.start + len(name)
        if (
            name.startswith(cand.text + " ")
            and source.startswith(name, cand.start)
            and not source[end : end + 1].isalnum()
        ):
            return Candidate(
                cand.start, end, name, "PERSON", title=cand.title, speaks=cand.speaks,
                weak=cand.weak,
            )  # fmt: skip
    return cand


def _cut_known_name(source: str, first: Candidate, second: Candidate, people: set[str]) -> bool:
    """ "Dries" ORG + "Mertens" PERSON, one space apart, where the article names the person
    "Dries Mertens" elsewhere: one name cut in two, whatever the two labels."""
    return (
        not first.in_credit
        and not second.in_credit
        and first.weak == second.weak
        and source[first.end : second.start] == " "
        and fold(clean_name(source[first.start : second.end])) in people
    )


def _cut_name(source: str, first: Candidate, second: Candidate) -> bool:
    words = second.text.split()
    return (
        not first.in_credit
        and not second.in_credit
        and first.weak == second.weak
        and first.gender is None
        and first.label == second.label != "PERSON"
        and source[first.end : second.start] == " "
        and " " not in first.text
        and is_first_name(first.text)
        and len(words) <= 2
        and all(word[:1].isupper() for word in words)
        and country_name(second.text) is None
    )


def join_inverted_names(
    source: str, regions: list[Region], candidates: list[Candidate]
) -> list[Candidate]:
    """A name written surname first in a list of authors ("Austen, Jane. Pride and Prejudice",
    "Marx, Karl and Engels, Friedrich.") is one person, whom spaCy reads as two names or as
    places ("Agatha" GPE): a PERSON candidate over the whole name (its name in the usual order,
    `clean_name`) replaces the candidates inside it."""
    spans = [(s, e) for s, e in inverted_name_spans(source) if region_at(regions, s) is not None]
    if not spans:
        return candidates
    kept = [c for c in candidates if not any(s <= c.start < e for s, e in spans)]
    added = [Candidate(s, e, source[s:e], "PERSON") for s, e in spans]
    return sorted(kept + added, key=lambda c: c.start)
