"""Named entities: spaCy's, corrected and resolved within one article.

spaCy's statistical NER is a good start and a poor finish for news: it tags the "State" of
"Secretary of State" as an organisation, a surname on its own as a place, "Pandora" in "a
Pandora's box" as a country, and it says nothing about "he" or "the secretary". This module turns
its spans into one `Entity` per real-world thing of the article, in small steps that each say what
they need and what they produce:

1. `article_regions`    - the parts of the source worth reading (headline, image texts, lead,
                          sections), each with a salience weight;
2. `spacy_candidates`   - spaCy's spans in those regions, of the kept types, tidied; periods and
                          stances ("post-Cold War", "pro-Beijing") left out;
   `honorific_candidates` - people spaCy missed after "Mr", "Ms", "Dr"...;
3. `credit_candidates`  - the photo credit parsed by its own grammar ("A B/AFP via Getty Images");
4. `split_titles`       - "Secretary of State Antony Blinken" -> the person + the title; the ORG
                          inside a title's "of" complement ("State") is part of the role;
   `trim_title_case_headline` - names run together with a Title Case headline's words, cut back;
5. `drop_non_references`- spans that name no entity here: idioms in quotations ("Pandora's
                          box"), capitalised common words opening a sentence;
   `speaker_candidates`, `mark_speakers` - speech verbs' subjects: untagged ones (kept when
                          the article gives their full name) and evidence for a person's label;
   `complete_surnames`  - "Malashenko said" -> the "Alexei Malashenko" spaCy missed before it;
6. `resolve`            - one label per name in the article (`one_sense_per_discourse`; a surname
                          and its full names vote together, speech subjects count double), then
                          candidates grouped into entities: countries normalised with pycountry,
                          surname-only mentions (whatever spaCy's label) linked to the full name;
                          an organisation's short forms ("Suncor", "EDC") merged into its name;
7. `add_string_matches`, `add_role_nouns`, `add_pronouns` - mentions spaCy missed: repeated names,
                          "the secretary", "he";
8. `build_entities`     - canonical names, aliases, mentions in order, salience.

Everything after spaCy is linear in the size of the text plus small per-entity work: the steps
that look for missed mentions scan the source with one compiled regular expression each rather
than walking the tokens in Python, and `Doc.text` (rebuilt from the tokens on every access) is
never used. On BBC stories this costs 1-3% of `nlp.pipe`'s time. `entity_key` and
`is_surname_alias` are what the storage layer needs to merge the same entity across articles.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from api.extract.quotes import SPEECH_VERBS
from api.extract.records import Entity, Mention, ParsedArticle

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

KEPT_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
)
"""spaCy labels that name an entity; DATE, TIME, MONEY, CARDINAL... are values, not entities."""

# Field weights for salience: a name in the headline or lead says more about what the article is
# about than one in the tenth paragraph; a photo credit says almost nothing.
HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
IMAGE_WEIGHT = 1.0
CREDIT_WEIGHT = 0.2
BODY_WEIGHT = 1.0

PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
PRONOUN_SENTENCE_WINDOW = 3
"""How many sentences back a pronoun looks for its person (news prose rarely reaches further)."""

# A small table of well-known names that ISO 3166 (pycountry) does not list, mapped to the code
# pycountry does list; everything else goes through pycountry's own names and codes.
COUNTRY_ALIASES = {
    "u.s.": "US", "u.s.a.": "US", "usa": "US", "america": "US", "united states of america": "US",
    "u.k.": "GB", "uk": "GB", "britain": "GB", "great britain": "GB",
    "russia": "RU", "turkey": "TR", "south korea": "KR", "north korea": "KP",
    "soviet union": "SU", "ussr": "SU", "u.s.s.r.": "SU",
}  # fmt: skip
# Short names for the countries whose ISO name is a formal one ("Russian Federation") and that
# pycountry gives no common name for.
COUNTRY_SHORT_NAMES = {
    "RU": "Russia", "TR": "Turkey", "SU": "Soviet Union", "CD": "Democratic Republic of the Congo",
    "PS": "Palestine", "FM": "Micronesia",
}  # fmt: skip

# Agencies in a photo credit that end in one of these words are organisations even on their own
# ("Photo: Getty Images"); a lone credit otherwise names the photographer when it looks like a name.
AGENCY_WORDS = frozenset(
    {"images", "photo", "photos", "pictures", "press", "news", "agency", "visuals", "pool"}
)
# What may open a part of a credit: its own label ("Data: ...; Chart: ..."), "Courtesy of", "the".
CREDIT_LEAD = re.compile(
    r"(?:(?P<label>[A-Z][a-z]+(?: [a-z]+)?):\s*)?(?:(?i:courtesy of|photos? by)\s+)?"
    r"(?:(?i:the)\s+)?"
)
# "post-Cold War" is a period and "pro-Beijing" a stance: adjectives made from a name, which no
# more mention the entity than a date does.
DERIVED_PREFIX = re.compile(r"^(?:post|pre|mid|late|early|pro|anti|non)-", re.IGNORECASE)
QUOTATION = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
CREDIT_SEPARATOR = re.compile(r"\s*(/|\bvia\b|\bfor\b|;|,|&|\band\b)\s*")
AFTER_AGENCY = ("/", "via", "for")  # "A/AFP", "AFP via Getty Images", "A for The New York Times"
HONORIFICS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": "", "dr": "", "prof": "", "sir": "m",
    "dame": "f", "lord": "m", "lady": "f", "rev": "",
}  # fmt: skip
FUNCTION_POS = frozenset({"AUX", "ADJ", "ADV", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART"})
HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady|Rev)\b\.?(?=\s+[A-Z])")
PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Last words of organisations' names, which no person's name ends in.
ORG_WORDS = frozenset(
    {
        "inc", "corp", "co", "ltd", "llc", "canada", "association", "board", "council",
        "university", "ministry", "department", "police", "office", "group", "bank", "union",
        "party", "government", "committee", "commission", "agency", "company", "institute",
        "foundation", "society", "news", "press", "times", "post", "network", "centre", "center",
        "court", "services", "service", "authority", "energy", "club", "team",
    }
)  # fmt: skip
# Capitalised words that stand before a surname as a role, not as a first name ("Mayor Peters").
ROLE_WORDS = frozenset(
    {
        "president", "minister", "premier", "mayor", "senator", "sen", "governor", "gov", "rep",
        "representative", "judge", "justice", "chief", "coach", "officer", "constable", "const",
        "cpl", "corporal", "sgt", "sergeant", "capt", "captain", "gen", "general", "col",
        "colonel", "lt", "lieutenant", "councillor", "councilor", "chairman", "chair", "speaker",
        "secretary", "ambassador", "director", "commissioner", "inspector", "detective", "staff",
        "superintendent", "pastor", "father", "bishop", "pope", "king", "queen", "prince",
        "princess", "mp", "mpp", "mla", "leader", "trustee", "professor", "doctor", "nurse",
        "prime", "deputy", "vice", "former", "chancellor", "st", "saint", "coroner", "crown",
        "attorney", "counsel", "lawyer", "dean", "principal", "player", "manager", "cardinal",
    }
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Internal records


@dataclass(slots=True)
class Region:
    """A stretch of source text that is read for entities, with its salience weight."""

    start: int
    end: int
    weight: float
    kind: str  # "headline" | "image" | "credit" | "lead" | "body"


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


@dataclass(slots=True)
class Cluster:
    """The mentions of one entity while the article is being resolved."""

    type: str
    name: str
    names: list[Candidate] = field(default_factory=list)  # mentions that use a name
    others: list[Mention] = field(default_factory=list)  # pronouns and role nouns
    titles: list[str] = field(default_factory=list)
    gender: str | None = None

    @property
    def surname(self) -> str | None:
        parts = self.name.split()
        return parts[-1] if self.type == "PERSON" and len(parts) > 1 else None


# --------------------------------------------------------------------------------------------
# Public API


def extract_entities(doc: Doc, article: ParsedArticle) -> list[Entity]:
    """The entities of ``article``, from ``doc = nlp(article.source)``, most salient first.

    Only the headline, the image's alt text, caption and credit, the lead and the sections are
    read (not the date line, section labels or the "Go deeper" links heading). Every mention's
    offsets are source offsets: ``article.source[m.start:m.end] == m.text``.
    """
    regions = article_regions(article)
    if not regions:
        return []
    quotes = quoted_ranges(article.source)
    credit = next((r for r in regions if r.kind == "credit"), None)
    candidates = spacy_candidates(doc, regions, exclude=credit)
    candidates += honorific_candidates(doc, article.source, regions, candidates)
    candidates = split_titles(doc, candidates)
    candidates = trim_title_case_headline(candidates, regions)
    candidates = drop_non_references(doc, candidates, quotes)
    if credit is not None:
        candidates += credit_candidates(article.source, credit, doc)
    candidates += speaker_candidates(doc, candidates, regions, quotes)
    candidates.sort(key=lambda c: c.start)
    mark_speakers(doc, candidates)
    one_sense_per_discourse(candidates)
    candidates = complete_surnames(doc, article.source, candidates, regions)
    clusters = resolve(candidates)
    add_string_matches(doc, article.source, clusters, regions)
    add_role_nouns(doc, article.source, clusters, regions)
    add_pronouns(doc, article.source, clusters, regions, quotes)
    return build_entities(clusters, regions)


def entity_key(type: str, name: str) -> str:
    """The cross-article identity of an entity: ``entity_key("GPE", "U.S.")`` is
    ``"GPE:united states"``.

    Stable under case, accents, curly apostrophes, a leading "the", spacing and, for places, the
    country's alias ("US", "U.S.", "America" and "United States" share one key).
    """
    if type in ("GPE", "LOC"):
        country = country_name(clean_name(name), allow_codes=True)
        if country is not None:
            return f"GPE:{_fold(country)}"
    return f"{type}:{_fold(clean_name(name))}"


def is_surname_alias(short: str, full: str) -> bool:
    """Whether the person named ``short`` can be the person named ``full`` ("Blinken", "Antony
    Blinken"): ``short`` is the last word(s) of a longer ``full``, compared without case or accents.

    The storage layer uses it to merge a surname-only person of one article into a full-named one
    of another; it should do so only when exactly one full name qualifies.
    """
    short_words, full_words = _fold(short).split(), _fold(full).split()
    return 0 < len(short_words) < len(full_words) and full_words[-len(short_words) :] == short_words


# --------------------------------------------------------------------------------------------
# 1. Regions


def article_regions(article: ParsedArticle) -> list[Region]:
    """The parts of the article that are read, in source order, with their salience weights.

    The image texts carry no offsets in `ParsedArticle`, so they are found in the source, each
    after the previous one; a text that cannot be found is skipped.
    """
    source = article.source
    regions: list[Region] = []
    cursor = 0

    def locate(text: str | None, weight: float, kind: str) -> None:
        nonlocal cursor
        if not text:
            return
        start = source.find(text, cursor)
        if start < 0:
            return
        regions.append(Region(start, start + len(text), weight, kind))
        cursor = start + len(text)

    locate(article.headline, HEADLINE_WEIGHT, "headline")
    locate(article.image.alt, IMAGE_WEIGHT, "image")
    locate(article.image.caption, IMAGE_WEIGHT, "image")
    locate(article.image.credit, CREDIT_WEIGHT, "credit")
    if article.lead is not None:
        regions.append(Region(article.lead.start, article.lead.end, LEAD_WEIGHT, "lead"))
    for section in article.sections:
        start = section.start
        if section.label:
            # The label ("Why it matters:") is layout, not prose.
            colon = source.find(":", start, section.end)
            start = colon + 1 if colon >= 0 else start
        regions.append(Region(start, section.end, BODY_WEIGHT, "body"))
    regions.sort(key=lambda r: r.start)
    return regions


def quoted_ranges(source: str) -> list[tuple[int, int]]:
    """The (start, end) of every quotation in ``source``, marks included, within one line."""
    return [m.span() for m in QUOTATION.finditer(source)]


def _in_credit(regions: list[Region], offset: int) -> bool:
    region = _region_at(regions, offset)
    return region is not None and region.kind == "credit"


def _token_at(doc: Doc, offset: int) -> Token | None:
    """The token that starts at ``offset``, or None when no token does."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and span[0].idx == offset else None


def _region_at(regions: list[Region], offset: int) -> Region | None:
    for region in regions:
        if region.start <= offset < region.end:
            return region
    return None


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


# --------------------------------------------------------------------------------------------
# 2-5. Candidates


def spacy_candidates(doc: Doc, regions: list[Region], exclude: Region | None) -> list[Candidate]:
    """spaCy's entities of the kept types inside ``regions`` (outside ``exclude``), trimmed of a
    trailing possessive and punctuation and of leading lower-case words; a word derived from a
    name ("post-Cold War", "pro-Beijing") is a period or a stance and is left out. Each candidate
    keeps spaCy's label for now."""
    candidates = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_TYPES or _region_at(regions, ent.start_char) is None:
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
        # "magician David Gish": a lower-case word before a name is a role or a modifier, not part
        # of the name; "the" stays before places and organisations ("the Soviet Union").
        label = ent.label_
        keep_the = label != "PERSON"
        while tokens and tokens[0].is_lower and not (keep_the and tokens[0].lower_ == "the"):
            tokens.pop(0)
        # "Ms Diemont": an honorific makes the name a person's, whatever spaCy's label, and gives
        # the gender that pronouns must agree with; it is not part of the name.
        gender = None
        if len(tokens) > 1 and _honorific(tokens[0]) is not None:
            gender, label = _honorific(tokens.pop(0)), "PERSON"
        if not tokens or not any(ch.isupper() for t in tokens for ch in t.text):
            continue  # "the" or a lower-case phrase is not a name
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = "".join(t.text_with_ws for t in tokens)[: end - start]
        candidates.append(Candidate(start, end, text, label, gender=gender))
    return candidates


def honorific_candidates(
    doc: Doc, source: str, regions: list[Region], candidates: list[Candidate]
) -> list[Candidate]:
    """People spaCy missed but an honorific announces: "Ms Jones" -> PERSON "Jones" (gender f)."""
    covered: set[int] = set()
    for cand in candidates:
        covered.update(range(cand.start, cand.end))
    found = []
    for match in HONORIFIC.finditer(source):
        honorific = _token_at(doc, match.start())
        if honorific is None or _region_at(regions, match.start()) is None:
            continue
        end = honorific.i + 1
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        names = doc[honorific.i + 1 : end]
        if not names or names[0].idx in covered:
            continue
        start, stop = names[0].idx, names[-1].idx + len(names[-1])
        gender = _honorific(honorific)
        found.append(Candidate(start, stop, source[start:stop], "PERSON", gender=gender))
    return found


def _honorific(token: Token) -> str | None:
    """The gender an honorific gives ("Mr" -> "m", "Ms" -> "f", "Dr" -> ""), or None."""
    return HONORIFICS.get(token.lower_.rstrip("."))


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


def split_titles(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Split a role off the person it introduces: "Secretary of State Antony Blinken" -> PERSON
    "Antony Blinken" with title "Secretary of State"; "Russian President Vladimir Putin" -> title
    "Russian President".

    A title is the run of capitalised words (joined by "of", "the", "and") right before a PERSON,
    within its sentence, whose last word before any "of" is no entity's (the role word). An ORG
    that lies in the title's "of" complement ("State", "Foreign Affairs") is part of the role, not
    an organisation the article mentions, and is dropped; entities before the role word ("Russian",
    "FBI") stay, since they do refer to something.
    """
    entity_tokens: dict[int, Candidate] = {}
    for cand in candidates:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                entity_tokens[token.i] = cand

    dropped: set[int] = set()
    for cand in candidates:
        if cand.label != "PERSON":
            continue
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            continue
        title_tokens = _title_before(doc, span.start, entity_tokens)
        if not title_tokens:
            continue
        cand.title = "".join(t.text_with_ws for t in title_tokens).rstrip()
        of_index = next((i for i, t in enumerate(title_tokens) if t.lower_ == "of"), None)
        if of_index is not None:
            for token in title_tokens[of_index + 1 :]:
                inner = entity_tokens.get(token.i)
                if inner is not None and inner.label == "ORG":
                    dropped.add(id(inner))
    return [c for c in candidates if id(c) not in dropped]


def _title_before(doc: Doc, person_start: int, entity_tokens: dict[int, Candidate]) -> list[Token]:
    """The title tokens right before the token ``person_start``, or [] when there is none."""
    sentence_start = doc[person_start].sent.start
    tokens: list[Token] = []
    i = person_start - 1
    while i >= sentence_start:
        token = doc[i]
        inner = entity_tokens.get(i)
        if inner is not None and inner.label == "PERSON":
            break
        if _honorific(token) is not None:
            break  # "Ms" is a form of address, not a role
        capitalised = token.is_title or (token.is_upper and len(token) > 1)
        connector = token.lower_ in ("of", "the", "and") and token.is_lower and bool(tokens)
        if not (capitalised or connector) or token.is_punct or token.is_space:
            break
        if capitalised and token.pos_ not in ("PROPN", "NOUN", "ADJ") and inner is None:
            break  # a capitalised "In", "When", "Days" opening the sentence
        tokens.insert(0, token)
        i -= 1
    while tokens and tokens[0].is_lower:
        tokens.pop(0)  # a title does not open with "of" or "the"
    if not tokens:
        return []
    of_index = next((k for k, t in enumerate(tokens) if t.lower_ == "of"), len(tokens))
    head = tokens[of_index - 1] if of_index > 0 else None
    # The role word itself ("Secretary", "President", "Sen.") must not be part of an entity:
    # "Geneva Antony Blinken" has no title.
    if head is None or head.i in entity_tokens or head.pos_ == "ADJ":
        return []
    # An initial ("R", "G.") or a credit's agency word ("Images") is no role.
    if len(head.text.rstrip(".")) < 2 or head.lower_ in AGENCY_WORDS:
        return []
    return tokens


def trim_title_case_headline(candidates: list[Candidate], regions: list[Region]) -> list[Candidate]:
    """In a Title Case headline spaCy runs names into the capitalised words after them ("Where are
    Trump Foundation Funds Actually Going?" -> ORG "Trump Foundation Funds Actually Going"). Such
    a span is cut to its longest opening words that the rest of the article uses as a name, and
    takes that name's label; a span with no such words is kept as it is."""
    headline = next((r for r in regions if r.kind == "headline"), None)
    if headline is None:
        return candidates
    in_headline = [c for c in candidates if headline.start <= c.start < headline.end]
    if not in_headline:
        return candidates
    elsewhere = {_fold(clean_name(c.text)): c.label for c in candidates if c.start >= headline.end}
    for cand in in_headline:
        words = list(re.finditer(r"\S+", cand.text))
        if len(words) < 2 or _fold(clean_name(cand.text)) in elsewhere:
            continue
        for n in range(len(words) - 1, 0, -1):
            prefix = cand.text[: words[n - 1].end()]
            label = elsewhere.get(_fold(clean_name(prefix)))
            if label is not None:
                cand.end, cand.text, cand.label = cand.start + len(prefix), prefix, label
                break
    return candidates


def drop_non_references(
    doc: Doc, candidates: list[Candidate], quotes: list[tuple[int, int]]
) -> list[Candidate]:
    """Drop spans that refer to no entity of the article.

    - A single word that opens its sentence and that the tagger does not call a proper noun
      ("Background", "Notes" as a heading) is a common word capitalised by its position.
    - A one-word place in the possessive before a common noun inside a quotation, named nowhere
      else in the article and not a country, is an idiom ("a Pandora's box", "Achilles' heel"),
      not a place.
    """
    counts: dict[str, int] = defaultdict(int)
    for cand in candidates:
        counts[cand.text] += 1
    kept = []
    for cand in candidates:
        if _is_capitalised_common_word(doc, cand):
            continue
        if (
            cand.label in ("GPE", "LOC")
            and counts[cand.text] == 1
            and _inside(quotes, cand.start, cand.end)
            and _is_common_noun_possessive(doc, cand)
            and country_name(cand.text) is None
        ):
            continue
        kept.append(cand)
    return kept


def _is_capitalised_common_word(doc: Doc, cand: Candidate) -> bool:
    span = doc.char_span(cand.start, cand.end)
    if span is None or len(span) != 1:
        return False
    token = span[0]
    opens = token.is_sent_start or token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
    return opens and token.pos_ != "PROPN" and not token.is_upper


def _is_common_noun_possessive(doc: Doc, cand: Candidate) -> bool:
    span = doc.char_span(cand.start, cand.end)
    if span is None or len(span) != 1 or span.end + 1 >= len(doc):
        return False
    marker, noun = doc[span.end], doc[span.end + 1]
    return marker.text in POSSESSIVE and noun.pos_ == "NOUN" and noun.is_lower


def mark_speakers(doc: Doc, candidates: list[Candidate]) -> None:
    """Flag the candidates that are the subject of a speech verb ("Nunes said", "Cerato
    admitted"): strong evidence that a name spaCy hesitates over is a person's."""
    for cand in candidates:
        if cand.in_credit:
            continue
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
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
    covered: set[int] = set()
    for cand in candidates:
        covered.update(range(cand.start, cand.end))
    found = []
    for token in doc:
        if not (
            token.dep_ == "nsubj"
            and token.pos_ == "PROPN"
            and token.head.pos_ == "VERB"
            and token.head.lemma_.lower() in SPEECH_VERBS
            and token.idx not in covered
            and _first_name_word(token)
            and token.lower_ not in ORG_WORDS
        ):
            continue
        first = _name_start(doc, token, lambda word: word.idx in covered)
        start, end = doc[first].idx, token.idx + len(token.text)
        if _region_at(regions, start) is None or _inside(quotes, start, end):
            continue
        found.append(Candidate(start, end, doc.text[start:end], "PERSON", tentative=True))
    return found


def _name_start(doc: Doc, token: Token, excluded: Callable[[Token], bool]) -> int:
    """Where a name ending at ``token`` starts: up to two capitalised name words right before it,
    on its line ("Carole" of "Carole Laurin"), stopping at a word ``excluded`` rejects."""
    first = token.i
    while (
        token.i - first < 2
        and first > 0
        and _first_name_word(doc[first - 1])
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
    no role ("Mayor"), no honorific and no other entity, make a PERSON candidate that replaces
    the surname's own candidate there. The surname's other uses then link to it."""
    singles: set[str] = set()
    full: set[str] = set()
    for cand in candidates:
        if cand.in_credit or cand.label != "PERSON":
            continue
        words = clean_name(cand.text).split()
        if len(words) == 1:
            singles.add(words[0])
        else:
            full.add(_fold(words[-1]))
    wanted = {name for name in singles if _fold(name) not in full and name[:1].isupper()}
    other_tokens: set[int] = set()
    for cand in candidates:
        if cand.label != "PERSON" or cand.in_credit:
            span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
            if span is not None:
                other_tokens.update(range(span.start, span.end))
    added: list[Candidate] = []
    for token in doc:
        if token.text not in wanted or _region_at(regions, token.idx) is None:
            continue
        first = _name_start(doc, token, lambda word: word.i in other_tokens)
        if first == token.i:
            continue
        start, end = doc[first].idx, token.idx + len(token.text)
        added.append(Candidate(start, end, source[start:end], "PERSON"))
    kept = [c for c in candidates if not any(a.start <= c.start < a.end for a in added)]
    # A speech verb's subject spaCy missed is kept once the article gives its full name.
    completed = {_fold(clean_name(c.text).split()[-1]) for c in added} | full
    kept = [
        c for c in kept if not c.tentative or _fold(clean_name(c.text).split()[-1]) in completed
    ]
    return sorted(kept + added, key=lambda c: c.start)


def _first_name_word(token: Token) -> bool:
    """A word that can be part of a person's name before the surname: a capitalised proper
    noun that is no honorific or role word and no date, time or number. (Callers check that
    no candidate of another type covers it: spaCy's own entity may run over a line break.)"""
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.is_alpha
        and _honorific(token) is None
        and token.lower_ not in ROLE_WORDS
        and (token.ent_type_ == "" or token.ent_type_ in KEPT_TYPES)
    )


# --------------------------------------------------------------------------------------------
# 6. Resolution


def resolve(candidates: list[Candidate]) -> list[Cluster]:
    """Group candidates (in source order) into clusters, one per entity of the article.

    Persons with a full name come first; then any one-word candidate that is the surname of a
    full-named person is that person, whatever spaCy's label (a surname tagged GPE is still the
    person), unless it names a country; a one-word PERSON that is the first name of exactly one
    full-named person ("Jeff" after "Jeff McBride", as interviews do) is that person too; the
    others group by type and canonical name, countries under their pycountry name and type GPE.
    """
    one_sense_per_discourse(candidates)
    clusters: dict[str, Cluster] = {}
    by_surname: dict[str, list[Cluster]] = defaultdict(list)
    by_first_name: dict[str, list[Cluster]] = defaultdict(list)

    for cand in candidates:
        if cand.label == "PERSON" and len(clean_name(cand.text).split()) > 1:
            # Keyed by the folded name: "AILSA CHANG" in a transcript and "Beto O’Rourke" with a
            # curly apostrophe are the same people as "Ailsa Chang" and "Beto O'Rourke".
            name = clean_name(cand.text)
            key = f"PERSON:{_fold(name)}"
            cluster = clusters.get(key)
            if cluster is None:
                cluster = clusters[key] = Cluster("PERSON", name)
                by_surname[_fold(name.split()[-1])].append(cluster)
                by_first_name[_fold(name.split()[0])].append(cluster)
            _attach(cluster, cand)

    for cand in candidates:
        name = clean_name(cand.text)
        if cand.label == "PERSON" and len(name.split()) > 1:
            continue
        owners = by_surname.get(_fold(name))
        if owners and (cand.label == "PERSON" or country_name(name) is None):
            _attach(_nearest_before(owners, cand.start), cand)
            continue
        first_name_owners = by_first_name.get(_fold(name), [])
        if cand.label == "PERSON" and len(first_name_owners) == 1:
            _attach(first_name_owners[0], cand)
            continue
        type_, canonical = canonical_form(cand.label, name)
        key = f"{type_}:{_fold(canonical)}"
        if key not in clusters:
            clusters[key] = Cluster(type_, canonical)
        _attach(clusters[key], cand)
    return merge_short_organisations(list(clusters.values()))


CORPORATE_SUFFIX = re.compile(r",?\s+(?:co|corp|inc|ltd|llc|plc)\.?$")
SHORT_FORM_TYPES = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "EVENT"})


def merge_short_organisations(clusters: list[Cluster]) -> list[Cluster]:
    """An organisation's short forms are the organisation: a one-word name that is the first
    word of exactly one longer organisation's name ("Suncor", "Suncor Energy"), or an acronym
    of its capitalised words' initials ("EDC", "Export Development Canada"; "IRCC",
    "Immigration, Refugees and Citizenship Canada"). The short form's mentions join the longer
    name's cluster, whose name stays canonical. The short form may carry another label than
    ORG (spaCy tags acronyms as products or works now and then), never a place or person's."""
    merged: set[int] = set()
    # "Samsung Electronics" and "Samsung Electronics Co.": one company, under the longer name.
    by_stem: dict[str, Cluster] = {}
    for cluster in sorted(clusters, key=lambda c: -len(c.name)):
        if cluster.type != "ORG":
            continue
        stem = CORPORATE_SUFFIX.sub("", _fold(cluster.name))
        owner = by_stem.setdefault(stem, cluster)
        if owner is not cluster:
            for cand in cluster.names:
                _attach(owner, cand)
            owner.others.extend(cluster.others)
            merged.add(id(cluster))
    clusters = [c for c in clusters if id(c) not in merged]
    longer = [c for c in clusters if c.type == "ORG" and len(c.name.split()) > 1]
    if not longer:
        return clusters
    by_first: dict[str, list[Cluster]] = defaultdict(list)
    by_initials: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in longer:
        words = re.findall(r"[\w'’&.-]+", cluster.name)
        by_first[_fold(words[0])].append(cluster)
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(initials) >= 2:
            by_initials[initials].append(cluster)
    for cluster in clusters:
        if cluster.type not in SHORT_FORM_TYPES or " " in cluster.name or len(cluster.name) < 2:
            continue
        owners = by_first.get(_fold(cluster.name), [])
        if cluster.name.isupper() and not owners:
            owners = by_initials.get(cluster.name.replace(".", ""), [])
        owners = [owner for owner in owners if owner is not cluster]
        if len(owners) != 1:
            continue
        for cand in cluster.names:
            _attach(owners[0], cand)
        owners[0].others.extend(cluster.others)
        merged.add(id(cluster))
    return [c for c in clusters if id(c) not in merged]


def one_sense_per_discourse(candidates: list[Candidate]) -> None:
    """Give every use of the same name in an article spaCy's most frequent label for it (the
    first one on a tie): a name keeps one sense within a news story, and the statistical model's
    label flips with the context ("Dimension Data said" ORG, "Dimension Data's" PERSON). Credits
    and names with an honorific keep theirs. A surname and the full names ending in it vote
    together (`_person_families`)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for cand in candidates:
        if not cand.in_credit:
            votes[clean_name(cand.text)][cand.label] += 1
    labels = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    _person_families(candidates, votes, labels)
    for cand in candidates:
        if not cand.in_credit and cand.gender is None:
            cand.label = labels[clean_name(cand.text)]


def _person_families(
    candidates: list[Candidate], votes: dict[str, Counter[str]], labels: dict[str, str]
) -> None:
    """A surname used alone ("Nunes", "Cerato") and the two- or three-word names ending in it
    ("Amanda Nunes") are one person when spaCy's PERSON votes for any of them, plus two for
    each time one is the subject of a speech verb, outnumber its votes for any other label:
    spaCy flips such names between PERSON, ORG and GPE from one sentence to the next, and
    "Nunes said" is strong evidence of a person. A speech verb's subject spaCy itself calls an
    organisation ("Suncor said") counts only when spaCy also called the name a person at least
    twice. Countries are never surnames."""
    members: dict[str, list[str]] = defaultdict(list)
    for name in votes:
        words = name.split()
        if len(words) <= 3 and all(word[:1].isupper() for word in words):
            members[_fold(words[-1])].append(name)
    speaking: Counter[tuple[str, bool]] = Counter()
    for cand in candidates:
        if cand.speaks and not cand.in_credit:
            speaking[(clean_name(cand.text), cand.label == "ORG")] += 1
    for names in members.values():
        single = next((name for name in names if " " not in name), None)
        if single is None or country_name(single) is not None:
            continue
        family: Counter[str] = Counter()
        for name in names:
            family.update(votes[name])
        person = family["PERSON"]
        bonus = sum(speaking[(name, False)] for name in names)
        if person >= 2:
            bonus += sum(speaking[(name, True)] for name in names)
        others = max((count for label, count in family.items() if label != "PERSON"), default=0)
        if person + bonus > 0 and person + 2 * bonus > others:
            for name in names:
                labels[name] = "PERSON"


def _attach(cluster: Cluster, cand: Candidate) -> None:
    cluster.names.append(cand)
    if cand.title:
        cluster.titles.append(cand.title)
    if cand.gender and cluster.gender is None:  # "" (Dr) says nothing
        cluster.gender = cand.gender


def _nearest_before(clusters: list[Cluster], offset: int) -> Cluster:
    """Of several people sharing a surname, the one the surname alone already stood for
    before ``offset`` (a family member named in passing, "his sons: Brenden Major, 4", does
    not take "Major" over from the man the story calls so), else the one named most recently.
    """
    used = [
        cluster
        for cluster in clusters
        if any(c.start < offset and len(clean_name(c.text).split()) == 1 for c in cluster.names)
    ]
    if len(used) == 1:
        return used[0]

    def last_before(cluster: Cluster) -> int:
        return max((c.start for c in cluster.names if c.start < offset), default=-1)

    return max(clusters, key=last_before)


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

    folded = _fold(name)
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


def _fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for keys and comparisons."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = LEADING_THE.sub("", text.strip())
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------------------------
# 7. Mentions spaCy missed


def add_string_matches(
    doc: Doc, source: str, clusters: list[Cluster], regions: list[Region]
) -> None:
    """Add the repetitions of a name spaCy did not tag ("U.S." inside "U.S.-Russia", "Merkel" in
    a headline): a capitalised word (or part of a hyphenated one) equal to a one-word name this
    article already used for exactly one entity, or to the surname of exactly one full-named
    person. One regular expression over the source finds them all."""
    names: dict[str, Cluster | None] = {}

    def add(name: str, cluster: Cluster) -> None:
        names[name] = cluster if names.get(name, cluster) is cluster else None

    covered: set[int] = set()
    for cluster in clusters:
        for cand in cluster.names:
            covered.update(range(cand.start, cand.end))
        if all(cand.in_credit for cand in cluster.names):
            continue  # a photographer's name is not repeated in the story
        for cand in cluster.names:
            if " " not in cand.text and not cand.in_credit:
                add(cand.text, cluster)
        if cluster.surname is not None:
            add(cluster.surname, cluster)
    wanted = sorted((n for n, c in names.items() if c is not None and n[:1].isupper()), key=len)
    if not wanted:
        return
    alternatives = "|".join(re.escape(name) for name in reversed(wanted))
    for match in re.finditer(rf"(?<![\w.])(?:{alternatives})(?!\w)", source):
        start, end = match.span()
        if start in covered or _region_at(regions, start) is None or _in_credit(regions, start):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        token = span[0] if span is not None else None
        if token is None or (
            token.idx == start and token.is_sent_start and token.pos_ in FUNCTION_POS
        ):
            continue  # "May I...", "Young people...": a capitalised word opening a sentence
        cluster = names[match.group()]
        if cluster is not None:
            cluster.names.append(Candidate(start, end, match.group(), cluster.type))


def add_role_nouns(doc: Doc, source: str, clusters: list[Cluster], regions: list[Region]) -> None:
    """Link "the secretary" to the person titled "Secretary of State" (the role word of a title is
    its last word before any "of"); with several such people, the one named most recently."""
    by_role: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        for title in dict.fromkeys(cluster.titles):  # first-seen order, never hash order
            role = title.split(" of ")[0].split()[-1].lower().rstrip(".")
            by_role[role].append(cluster)
    if not by_role:
        return
    roles = "|".join(re.escape(role) for role in by_role)
    for match in re.finditer(rf"\b[Tt]he\s+({roles})\b", source, re.IGNORECASE):
        start, end = match.span()
        noun = _token_at(doc, match.start(1))
        if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        if _region_at(regions, start) is None:
            continue
        if noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ == "of":
            continue  # "the secretary of agriculture" names a different role
        owner = _nearest_before(by_role[match.group(1).lower()], start)
        owner.others.append(Mention(start, end, match.group()))


def add_pronouns(
    doc: Doc,
    source: str,
    clusters: list[Cluster],
    regions: list[Region],
    quotes: list[tuple[int, int]],
) -> None:
    """Link third-person singular pronouns ("he", "his", "she") outside quotations to the person
    named most recently within `PRONOUN_SENTENCE_WINDOW` sentences, skipping people of the other
    gender (known from an honorific or an earlier pronoun). Photo credits are never antecedents.

    One pass over the pronouns, with the named mentions merged in source order.
    """
    named = sorted(
        (cand.start, person)
        for person in clusters
        if person.type == "PERSON"
        for cand in person.names
        if not cand.in_credit
    )  # fmt: skip
    if not named:
        return
    sentence_starts = [sent.start_char for sent in doc.sents]

    def sentence(offset: int) -> int:
        return bisect_right(sentence_starts, offset) - 1

    recent: list[tuple[int, Cluster]] = []  # (sentence index, person), in source order
    pointer = 0
    for match in PRONOUN.finditer(source):
        start, end = match.span()
        while pointer < len(named) and named[pointer][0] < start:
            offset, person = named[pointer]
            recent.append((sentence(offset), person))
            pointer += 1
        if _region_at(regions, start) is None or _inside(quotes, start, end):
            continue
        token = _token_at(doc, start)
        if token is None or token.pos_ != "PRON":
            continue
        gender = PRONOUN_GENDER[match.group().lower()]
        here = sentence(start)
        for sentence_index, person in reversed(recent):
            if here - sentence_index > PRONOUN_SENTENCE_WINDOW:
                break
            if person.gender in (None, gender):
                person.gender = gender
                person.others.append(Mention(start, end, match.group()))
                break


# --------------------------------------------------------------------------------------------
# 8. Records


def person_name(names: list[str]) -> str | None:
    """A person's canonical name among the names used for them: the longest (most words), then
    the most used, then one not in capitals (transcripts print "AILSA CHANG"), then the first."""
    if not names:
        return None
    counts = Counter(names)
    return max(names, key=lambda n: (len(n.split()), counts[n], not n.isupper()))


def _mention_weigher(regions: list[Region]) -> Callable[[int], float]:
    """The salience weight of a mention at an offset: its region's weight, decreasing through the
    body from 1 to 0.5, since news puts what matters first."""
    body = [r for r in regions if r.kind == "body"]
    body_start = min((r.start for r in body), default=0)
    body_length = max(1, max((r.end for r in body), default=0) - body_start)

    def weigh(offset: int) -> float:
        region = _region_at(regions, offset)
        if region is None:
            return 0.0
        if region.kind != "body":
            return region.weight
        return region.weight * (1.0 - 0.5 * (offset - body_start) / body_length)

    return weigh


def build_entities(clusters: list[Cluster], regions: list[Region]) -> list[Entity]:
    """One `Entity` per cluster, most salient first.

    A person's canonical name is the longest name used for them; aliases are the other names as
    written (without "the"); salience sums each mention's region weight and is scaled so that the
    article's most salient entity has 1.0.
    """
    weigh = _mention_weigher(regions)
    scores: list[float] = []
    entities: list[Entity] = []
    for cluster in clusters:
        if not cluster.names:
            continue
        name = cluster.name
        if cluster.type == "PERSON":
            name = (
                person_name([clean_name(c.text) for c in cluster.names if not c.in_credit]) or name
            )
        mentions = {(c.start, c.end): Mention(c.start, c.end, c.text) for c in cluster.names}
        for mention in cluster.others:
            mentions.setdefault((mention.start, mention.end), mention)
        ordered = [mentions[key] for key in sorted(mentions)]
        aliases = []
        for cand in cluster.names:
            alias = clean_name(cand.text)
            if alias != name and alias not in aliases:
                aliases.append(alias)
        score = sum(weigh(mention.start) for mention in ordered)
        # The most frequent title, the first written on a tie (a set's order varies per process).
        title = (
            max(dict.fromkeys(cluster.titles), key=cluster.titles.count) if cluster.titles else None
        )
        entities.append(Entity(name, cluster.type, aliases, ordered, 0.0, title))
        scores.append(score)
    top = max(scores, default=0.0) or 1.0
    for entity, score in zip(entities, scores, strict=True):
        entity.salience = round(score / top, 3)
    entities.sort(key=lambda e: (-e.salience, e.mentions[0].start))
    return entities
