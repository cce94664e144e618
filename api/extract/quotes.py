"""Quote extraction with speaker attribution.

`extract_quotes` turns a parsed ``Doc`` of an article's whole source into `Quote` records:

- ``direct``: a sentence or more in someone's words, inside quotation marks;
- ``partial``: a fragment in quotation marks woven into the writer's sentence ("will not
  compromise "by one iota"");
- ``indirect``: reported speech without marks ("X said (that) <clause>", "<clause>, X said",
  "according to X, <clause>").

How it works, in four cheap passes over the parse (the model is never run again here):

1. Quotation marks are paired per paragraph (a line of the source), so that a stray mark can
   never shift the pairing of the rest of the article: each paragraph starts afresh. A quote left
   open at the end of a paragraph runs to its end (the multi-paragraph convention: the next
   paragraph opens again); a closing mark with no opening one before it in its paragraph closes a
   quote that began at the paragraph's start. Straight marks are told apart by the characters
   around them; only double marks delimit quotes (single ones are nested quotes or apostrophes).
2. Each quoted string is classified: titles of works ("Meet the Press"), words mentioned as words,
   nicknames and scare quotes (a quoted modifier: the "open-door" policy) are rejected; a full
   clause standing on its own or introduced by a cue (colon, speech verb) is ``direct``; any other
   fragment is ``partial`` and kept only when something attributes it (a speech verb governing
   it, "according to", a person's possessive), since an unattributed fragment is a scare quote.
3. Reported speech: every speech verb (`SPEECH_VERBS`) with a clausal complement outside the
   quotation marks gives an ``indirect`` quote, as does "according to X".
4. Speakers: the subject of the cue verb (before or after it; a name in apposition to a
   description, "His lawyer, Zhang Dongshuo, said"), "according to X", a "Name:" or
   "X said:" lead-in (also ending the paragraph before), a person's possessive; else the
   previous quote of the same paragraph, or of the paragraph just before (two before when
   the one between names nobody), or someone speaking there without a quote ("Blinken
   spoke on CNN"): a bullet or paragraph made only of a quote continues its speaker; else
   the person the writer's sentences just before it are about (their subject). The
   speaker words are then resolved to one of the given entities: a mention that covers
   them, a name or alias, a surname; a he/she to the nearest person before it who was the
   subject of a main clause or a speech verb (nearest sentences first, gender from the
   article's own "X said she ..."; the one person named in the sentence just before when
   its own names nobody; never someone in a photo or video caption); "it" and "the
   company" to the nearest organisation (an organisation noun never to a person);
   a role noun ("the secretary") to the nearest person given that role. Nothing found: None.
   Each resolved speaker becomes a mention later pronouns can reach.

Indirect speech is always extracted (inheritance needs it) but returned only on request:
the product serves direct and partial quotes; the evaluation scores all three.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from api.extract.records import Entity, ParsedArticle, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["SPEECH_VERBS", "QuotedString", "extract_quotes", "find_quoted_strings"]

# fmt: off
SPEECH_VERBS = frozenset(
    [
        "say", "tell", "add", "warn", "argue", "stress", "explain", "note", "insist", "claim",
        "state", "write", "report", "announce", "acknowledge", "admit", "agree", "ask", "answer",
        "reply", "respond", "confirm", "deny", "recall", "declare", "emphasize", "emphasise",
        "maintain", "contend", "conclude", "concede", "caution", "complain", "testify", "tweet",
        "post", "urge", "observe", "remark", "allege", "assert", "comment", "quip", "joke",
        "recount", "mention", "promise", "vow", "pledge", "reiterate", "repeat", "lament", "shout",
        "yell", "scream", "chant", "whisper", "blurt", "mutter", "exclaim", "boast", "brag",
        "concur", "counter", "retort", "rule", "advise", "remind", "describe", "tout", "surmise",
        "explain", "continue", "point", "inform", "underline", "underscore", "highlight",
        "proclaim", "recommend", "demand", "plead", "propose", "elaborate", "clarify",
        "acknowledge", "affirm", "recite", "opine", "muse", "wonder", "marvel", "echo", "outline",
    "speak",
    ]
)
# fmt: on
"""Lemmas of verbs that introduce speech. `continue` and `point` only count in their speech
uses ("he continued", "she pointed out"), which the clause structure checks."""

# Verbs whose object is not speech unless a clause follows ("described it as", "asked whether").
_NEEDS_CLAUSE = frozenset({"describe", "continue", "point", "rule", "remind", "inform"})

_OPEN_DOUBLE = "\u201c\u201e\u00ab"  # “ „ «
_CLOSE_DOUBLE = "\u201d\u00bb"  # ” »
_STRAIGHT = '"'
_MARKS = _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT
_ALL_QUOTE_CHARS = _MARKS + "\u2018\u2019'"

# fmt: off
_SMALL_WORDS = frozenset(
    [
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
        "or", "over", "the", "to", "up", "via", "with", "vs",
    ]
)
# fmt: on
# fmt: off
_TITLE_CUES = frozenset(
    [
        "show", "program", "programme", "series", "book", "novel", "film", "movie", "album", "song",
        "play", "podcast", "article", "column", "documentary", "episode", "magazine", "newspaper",
        "paper", "report", "titled", "entitled", "headlined", "called", "dubbed", "named",
        "nicknamed",
    ]
)
# fmt: on
# fmt: off
_MENTION_NOUNS = frozenset(
    [
        "word", "words", "term", "terms", "phrase", "phrases", "expression", "label", "labels",
        "slogan", "slogans", "hashtag", "name", "names", "nickname", "motto", "title", "headline",
        "acronym",
    ]
)
# fmt: on
_PERSON_PRONOUNS = {"he": "m", "she": "f"}
_PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
# fmt: off
_NON_PERSON_HEADS = frozenset(
    [
        "company", "department", "ministry", "government", "report", "study", "agency",
        "university", "school", "city", "police", "court", "team", "club", "board", "group",
        "association", "organization", "organisation", "statement", "firm", "office", "bank",
        "union", "party", "council", "committee", "commission", "service", "network", "station",
        "newspaper", "paper", "magazine", "website", "site", "letter", "document", "documents",
        "release", "survey", "poll", "data", "research", "province", "state", "country",
        "administration", "campaign", "center", "centre", "hospital", "authority", "authorities",
        "regulator", "league", "province", "federation", "foundation", "institute", "army",
        "military",
    ]
)
# fmt: on
_PRONOUN_PARAGRAPHS = 3
_PRONOUN_TIERS = (
    lambda person: person.subject,
    lambda person: person.any_subject,
    lambda person: not person.possessive,
)
# fmt: off
_ORG_NOUNS = frozenset(
    [
        "company", "firm", "utility", "department", "agency", "ministry", "board", "union",
        "government", "organization", "organisation", "diocese", "school", "university", "office",
        "bank", "party", "group", "team", "club", "council", "commission", "court", "police",
        "regulator", "airline", "retailer", "network", "broadcaster", "corporation", "business",
        "association", "federation", "league",
    ]
)
# fmt: on
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_BULLET_CHARS = "\u2022\u00b7*-\u2013\u2014>\u25aa\u25cf "
_SENTENCE_END = ".?!\u2026"
# Role nouns written around a name that give the person's gender ("Smith, a spokeswoman").
_ROLE_GENDER = {
    "spokeswoman": "f", "spokesman": "m", "chairwoman": "f", "chairman": "m",
    "businesswoman": "f", "businessman": "m", "congresswoman": "f", "congressman": "m",
    "councilwoman": "f", "councilman": "m", "policewoman": "f", "policeman": "m",
    "mother": "f", "father": "m", "wife": "f", "husband": "m", "daughter": "f", "son": "m",
    "sister": "f", "brother": "m", "girlfriend": "f", "boyfriend": "m", "grandmother": "f",
    "grandfather": "m", "widow": "f", "widower": "m", "woman": "f", "man": "m", "girl": "f",
    "boy": "m", "actress": "f", "actor": "m", "queen": "f", "king": "m", "aunt": "f",
    "uncle": "m", "mom": "f", "dad": "m", "niece": "f", "nephew": "m",
}  # fmt: skip
_HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f"}


@dataclass(frozen=True, slots=True)
class QuotedString:
    """A pair of quotation marks: ``source[start:end]`` is the text inside them.

    ``open_mark``/``close_mark`` are the offsets of the marks, None where the quote was left
    open at the end of its paragraph or closed without an opening mark in it.
    """

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None


# --------------------------------------------------------------------------------------------
# 1. Pairing quotation marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: the unit within which marks are paired."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


_DOUBLED_SINGLES = {"\u2018\u2018": "\u201c", "\u2019\u2019": "\u201d", "''": '"'}
"""Two single marks typed for a double one ('' and the curly pairs), read as that double."""


def _marks_in(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(offset, width, role) of the double quotation marks of ``text[lo:hi]``."""
    marks = []
    pos = lo
    while pos < hi:
        pair = text[pos : pos + 2]
        if pair in _DOUBLED_SINGLES:
            marks.append((pos, 2, _mark_role(text, pos, 2, _DOUBLED_SINGLES[pair], lo, hi)))
            pos += 2
            continue
        if text[pos] in _MARKS:
            marks.append((pos, 1, _mark_role(text, pos, 1, text[pos], lo, hi)))
        pos += 1
    return marks


def _mark_role(text: str, pos: int, width: int, char: str, lo: int, hi: int) -> str:
    """Whether the mark at ``pos`` opens, closes, or could do either (``"either"``)."""
    before = text[pos - 1] if pos > lo else " "
    after = text[pos + width] if pos + width < hi else " "
    open_side = before.isspace() or before in "([{\u2014\u2013-/\u2022" or before in _MARKS
    close_side = after.isspace() or after in ".,;:!?)]}\u2014\u2013-/\u2026" or after in _MARKS
    if char in _OPEN_DOUBLE:
        # A left mark used as a closing one ("word“ " in sloppy text).
        return "close" if close_side and not open_side and not before.isspace() else "open"
    if char in _CLOSE_DOUBLE:
        return "open" if open_side and not close_side else "close"
    if open_side and not close_side:
        return "open"
    if close_side and not open_side:
        return "close"
    return "either"


def find_quoted_strings(text: str) -> list[QuotedString]:
    """Pair the double quotation marks of ``text``, paragraph by paragraph.

    Only outermost pairs are returned (a nested quote stays inside its container). Never
    raises, whatever the marks: an unbalanced paragraph cannot affect the next one.
    """
    found: list[QuotedString] = []
    for lo, hi in _paragraphs(text):
        marks = _marks_in(text, lo, hi)
        stack: list[tuple[int, int]] = []
        for index, (pos, width, role) in enumerate(marks):
            if not stack:
                if role != "close":
                    stack.append((pos, width))
                elif index == 0:
                    # Closes a quote opened in an earlier paragraph: it runs from this one's start.
                    start = _skip_bullet(text, lo, pos)
                    found.append(QuotedString(start, pos, None, pos))
                continue
            if role == "open":
                closers = sum(1 for _, _, later in marks[index + 1 :] if later != "open")
                if closers >= len(stack) + 1:
                    stack.append((pos, width))  # a nested quote with the same marks
                    continue
            opened, opened_width = stack.pop()
            if not stack:
                found.append(QuotedString(opened + opened_width, pos, opened, pos))
        if stack:
            opened, opened_width = stack[0]
            end = hi
            while end > opened + opened_width and text[end - 1].isspace():
                end -= 1
            found.append(QuotedString(opened + opened_width, end, opened, None))
    return [q for q in found if text[q.start : q.end].strip()]


def _skip_bullet(text: str, lo: int, hi: int) -> int:
    start = lo
    while start < hi and text[start] in _BULLET_CHARS:
        start += 1
    return start


# --------------------------------------------------------------------------------------------
# Shared article context


@dataclass(slots=True)
class _PersonMention:
    start: int
    end: int
    name: str
    subject: bool  # the subject of a main clause or of a speech verb
    any_subject: bool  # the subject of some clause
    possessive: bool
    type: str = "PERSON"


@dataclass(slots=True)
class _Context:
    doc: Doc
    text: str
    paragraphs: list[tuple[int, int]]
    paragraph_starts: list[int]
    entities: list[Entity]
    inside: list[bool]  # per token: inside quotation marks
    quote_index: list[int]  # per token: index of the quoted string holding it, or -1
    mention_spans: list[tuple[int, int, Entity]] = field(default_factory=list)
    persons: list[_PersonMention] = field(default_factory=list)
    person_starts: list[int] = field(default_factory=list)
    titles: dict[str, set[str]] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)
    gender_votes: dict[str, list[int]] = field(default_factory=dict)
    role_genders: dict[str, set[str]] = field(default_factory=dict)
    organisations: list[_PersonMention] = field(default_factory=list)
    organisation_starts: list[int] = field(default_factory=list)
    sentence_of: list[int] = field(default_factory=list)  # per token: writer sentence index
    sentences: list[tuple[int, int]] = field(default_factory=list)  # first, last token
    quoted: list[QuotedString] = field(default_factory=list)
    prose: list[bool] = field(default_factory=list)  # per paragraph: ends like a sentence
    caption: list[bool] = field(default_factory=list)  # per paragraph: a photo/video caption

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self.paragraph_starts, offset) - 1)

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        return self.paragraphs[self.paragraph_of(offset)]

    def sentence(self, token: Token) -> tuple[int, int]:
        """First and last token of the writer's sentence holding ``token``."""
        return self.sentences[self.sentence_of[token.i]]


def _build_context(doc: Doc, entities: list[Entity], quoted: list[QuotedString]) -> _Context:
    text = doc.text
    paragraphs = _paragraphs(text)
    inside = [False] * len(doc)
    quote_index = [-1] * len(doc)
    for number, quoted_string in enumerate(quoted):
        span = doc.char_span(quoted_string.start, quoted_string.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            inside[token.i] = True
            quote_index[token.i] = number
    context = _Context(
        doc=doc,
        text=text,
        paragraphs=paragraphs,
        paragraph_starts=[start for start, _ in paragraphs],
        entities=entities,
        inside=inside,
        quote_index=quote_index,
    )
    for entity in entities:
        for mention in entity.mentions:
            context.mention_spans.append((mention.start, mention.end, entity))
        if entity.type == "PERSON":
            words = set()
            if entity.title:
                words.update(word.lower() for word in re.findall(r"[A-Za-z]+", entity.title))
            context.titles[entity.name] = words
    context.mention_spans.sort(key=lambda item: item[0])
    context.quoted = quoted
    context.prose = [_is_prose(text[start:end]) for start, end in paragraphs]
    context.caption = [bool(_CAPTION_END.search(text[start:end])) for start, end in paragraphs]
    _split_sentences(context)
    _collect_persons(context)
    return context


_CAPTION_END = re.compile(
    r"(?:\b\d{1,2}:\d{2}|\((?:[^()]*\b(?:Submitted|Photo|Photograph|Credit|Courtesy|File|"
    r"Getty|Images|Canadian Press|Associated Press|Reuters|AFP|Handout)\b[^()]*)\))\s*$"
)
"""How a caption ends: a video's duration ("... in the opioid crisis. 10:43") or a photo
credit in parentheses ("(Submitted by Wendy Golden)", "(Getty Images)")."""


def _is_prose(paragraph: str) -> bool:
    """Whether a paragraph is running text rather than a headline, a "READ MORE: ..." link or
    a caption: it ends like a sentence, or is long enough to be one."""
    ending = paragraph.rstrip().rstrip(_MARKS + "\u2019')")
    return ending.endswith(tuple(_SENTENCE_END)) or len(paragraph.split()) >= 20


def _split_sentences(context: _Context) -> None:
    """spaCy's sentences, cut at paragraph ends and mended where the parser split inside one
    (a bullet, a ", he said" cut off): a piece that opens with a lower-case word or a comma,
    or follows one that did not end a sentence, continues the previous piece."""
    doc = context.doc
    sentence_of = [0] * len(doc)
    sentences: list[list[int]] = []
    paragraph = -1
    previous_word: Token | None = None
    for token in doc:
        if token.is_space:
            if sentences:
                sentence_of[token.i] = len(sentences) - 1
                sentences[-1][1] = token.i
            else:
                sentences.append([token.i, token.i])
            continue
        here = context.paragraph_of(token.idx)
        new = not sentences or here != paragraph
        if not new and token.is_sent_start and previous_word is not None:
            ended = previous_word.text[-1:] in _SENTENCE_END or (
                previous_word.text in _MARKS + "\u2019)"
                and previous_word.i > 0
                and doc[previous_word.i - 1].text[-1:] in _SENTENCE_END + ","
            )
            opens_lower = token.text[:1].islower() or token.text[:1] in ",;:)]"
            new = ended and not opens_lower
        if new:
            sentences.append([token.i, token.i])
        else:
            sentences[-1][1] = token.i
        sentence_of[token.i] = len(sentences) - 1
        paragraph = here
        previous_word = token
    context.sentence_of = sentence_of
    context.sentences = [(first, last) for first, last in sentences]


def _collect_persons(context: _Context) -> None:
    """Named mentions of people (and of organisations, for "it" and "the company"), in order,
    with their role in the sentence, and the role words written around people ("Secretary of
    State Antony Blinken", "Lu, a spokesman")."""
    doc = context.doc
    for start, end, entity in context.mention_spans:
        if entity.type not in ("PERSON", "ORG") or not context.text[start:end][:1].isupper():
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or context.inside[span.root.i] or span.root.pos_ == "PRON":
            continue
        root = span.root
        if root.dep_ == "appos" and root.head.ent_type_ == "PERSON" and entity.type == "PERSON":
            continue  # "Jim Eglinski, Yellowhead MP,": a description of the person named
        if root.dep_ in ("appos", "compound") and root.head.dep_ in _SUBJECT_DEPS:
            root = root.head
        # A name left as the root of its sentence is one the parser lost the verb of ("Purdy,
        # who lost 16 lbs. ... says": split at "lbs."): what the sentence is about.
        subject = root.dep_ in _SUBJECT_DEPS or root.dep_ == "ROOT"
        main = subject and (
            root.dep_ == "ROOT" or root.head.dep_ in ("ROOT", "conj") or _is_cue(context, root.head)
        )
        possessive = root.dep_ == "poss" or (span.end < len(doc) and doc[span.end].tag_ == "POS")
        # A name opening its sentence is what the sentence is about even where the parser
        # lost its verb ("Purdy, 73, credits his terrier Chloe ...": not the dog).
        opens = not possessive and span.start == _first_word(context, span.start)
        mention = _PersonMention(
            start, end, entity.name, main, subject or opens, root.dep_ == "poss", entity.type
        )
        if entity.type == "ORG":
            context.organisations.append(mention)
            continue
        context.persons.append(mention)
        root = span.root
        words = context.titles.setdefault(entity.name, set())
        for token in root.subtree:
            if (
                (token.i < span.start or token.i >= span.end)
                and token.pos_ in ("NOUN", "PROPN")
                and token.dep_ not in ("relcl", "conj")
            ):
                words.add(token.lower_)
                words.add(token.lemma_.lower())
        if root.dep_ == "appos":
            words.add(root.head.lower_)
            words.add(root.head.lemma_.lower())
        # "Smith, a spokeswoman," / "spokeswoman Jane Smith" / "his wife, Ann": the role noun
        # in apposition to the name, or compounded with it, gives the person's gender.
        roles = [child for child in root.children if child.dep_ in ("appos", "compound")]
        if root.dep_ == "appos":
            roles.append(root.head)
        for role in roles:
            gender = _ROLE_GENDER.get(role.lower_)
            if gender is not None and not span.start <= role.i < span.end:
                context.role_genders.setdefault(entity.name, set()).add(gender)
        previous = doc[span.start - 1] if span.start > 0 else None
        if previous is not None and previous.lower_ in _HONORIFIC_GENDER:
            context.gender.setdefault(entity.name, _HONORIFIC_GENDER[previous.lower_])
        if subject:
            _vote_gender(context, entity.name, root)
    context.persons.sort(key=lambda person: person.start)
    context.person_starts = [person.start for person in context.persons]
    context.organisations.sort(key=lambda organisation: organisation.start)
    context.organisation_starts = [organisation.start for organisation in context.organisations]
    for name, (male, female) in context.gender_votes.items():
        if male != female:
            context.gender.setdefault(name, "m" if male > female else "f")
    for name, genders in context.role_genders.items():
        if len(genders) == 1:
            context.gender.setdefault(name, next(iter(genders)))


def _first_word(context: _Context, index: int) -> int:
    """Index of the first word of the writer's sentence holding token ``index``."""
    doc = context.doc
    first, last = context.sentences[context.sentence_of[index]]
    while first < last and (
        doc[first].is_space or doc[first].is_punct or doc[first].text in _BULLET_CHARS
    ):
        first += 1
    return first


def _vote_gender(context: _Context, name: str, subject: Token) -> None:
    """Gender evidence for pronoun resolution: a he/she/his/her in the clause the person is the
    subject of ("Laurin said she was fortunate", "Blinken and his counterpart"), when no other
    person is named in that clause."""
    verb = subject.head
    if verb.i == subject.i:
        return
    tally = context.gender_votes.setdefault(name, [0, 0])
    for token in verb.subtree:
        if context.inside[token.i] or token.i == subject.i:
            continue
        if token.ent_type_ == "PERSON" and token.i not in range(
            subject.left_edge.i, subject.right_edge.i + 1
        ):
            return  # another person in the clause: the pronoun may be theirs
    for token in verb.subtree:
        gender = _PRONOUN_GENDER.get(token.lower_)
        if gender and not context.inside[token.i] and token.i > subject.i:
            tally[gender == "f"] += 1


# --------------------------------------------------------------------------------------------
# 2. Classifying quoted strings


@dataclass(slots=True)
class _Candidate:
    quoted: QuotedString
    kind: str
    tokens: Span | None
    cue: Token | None = None
    speaker_token: Token | None = None
    possessor: Token | None = None


def _is_title_case(words: list[str]) -> bool:
    major = [word for word in words if word.lower() not in _SMALL_WORDS]
    if not major:
        return False
    return all(word[:1].isupper() or not word[:1].isalpha() for word in major) and (
        words[0][:1].isupper()
    )


def _prev_token(doc: Doc, index: int) -> Token | None:
    index -= 1
    while index >= 0 and (doc[index].is_space or doc[index].text in _MARKS):
        index -= 1
    return doc[index] if index >= 0 else None


def _next_token(doc: Doc, index: int) -> Token | None:
    index += 1
    while index < len(doc) and (doc[index].is_space or doc[index].text in _MARKS):
        index += 1
    return doc[index] if index < len(doc) else None


def _classify(context: _Context, quoted: QuotedString) -> _Candidate | None:
    """A direct or partial candidate, or None for a title, a term, a nickname."""
    doc, text = context.doc, context.text
    span = doc.char_span(quoted.start, quoted.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inner = text[quoted.start : quoted.end].strip()
    words = re.findall(r"[\w'\u2019-]+", inner)
    if not words:
        return None
    para = context.paragraphs[context.paragraph_of(quoted.start)]
    before_text = _sentence_before(context, quoted, para)
    after_text = text[quoted.close_mark + 1 : para[1]] if quoted.close_mark is not None else ""
    first, last = span[0], span[-1]
    before = _prev_token(doc, first.i)
    if before is not None and before.idx < para[0]:
        before = None
    after = _next_token(doc, last.i)
    if after is not None and after.idx >= para[1]:
        after = None
    ends_inside = inner.rstrip("'\u2019\u2018 ")[-1:] in tuple(_SENTENCE_END + ",:;\u2014-")
    stripped_after = after_text.lstrip()
    followed_by_punct = stripped_after[:1] in (",", ".", "!", "?", ";", ":", "")

    # Titles of works: title case, short, after a possessive of a broadcaster/publisher or
    # a cue noun/preposition, and not handing over to an attribution (no comma inside), or
    # one of a list of them ("The Kid Who Would Be King," "Attack the Block," and ...).
    in_list = stripped_after[:1] in tuple(_MARKS) or stripped_after.startswith(("and ", "or "))
    if len(words) <= 12 and _is_title_case(words) and (not inner.endswith(",") or in_list):
        cue_before = before is not None and (
            before.tag_ == "POS"
            or before.lower_ in _TITLE_CUES
            or before.lower_ in ("on", "in", "of", "titled", "entitled", "from", "about")
        )
        if cue_before or (len(words) <= 6 and not ends_inside and not before_text.strip()):
            return None
    # Words mentioned as words and nicknames.
    if (
        before is not None
        and (
            before.lower_ in _MENTION_NOUNS
            or before.lower_ in ("called", "dubbed", "nicknamed")
            or before.lower_ in ("so-called", "as")
            and len(words) <= 4
        )
        and len(words) <= 6
    ):
        return None
    if (
        before is not None
        and after is not None
        and before.pos_ == "PROPN"
        and after.pos_ == "PROPN"
        and len(words) <= 4
        and not ends_inside
    ):
        return None

    possessor = None
    if before is not None and before.tag_ == "POS" and before.i > 0:
        owner = doc[before.i - 1]
        if owner.pos_ == "PROPN":
            possessor = owner

    clause = _has_clause(span)
    at_sentence_start = not before_text.strip(_BULLET_CHARS + " \t")
    introduced = before_text.rstrip().endswith((":", ",", "\u2014", "--", "\u2013"))
    governed_by_cue = _cue_governing(context, span) is not None and clause
    full_sentence = (
        inner[:1].isupper() and clause and (ends_inside or followed_by_punct) and len(words) >= 3
    )
    opens_sentence = at_sentence_start and (
        clause or ((ends_inside or followed_by_punct) and len(words) <= 3)
    )
    if opens_sentence or full_sentence or (introduced and clause) or governed_by_cue:
        kind = "direct"
    else:
        kind = "partial"
    if (
        kind == "partial"
        and possessor is None
        and after is not None
        and len(words) <= 4
        and after.pos_ in ("NOUN", "PROPN")
        and not followed_by_punct
        and (last.head.i == after.i or last.head.i > last.i)
    ):
        return None  # a quoted modifier ("open-door" policy): a term in scare quotes
    return _Candidate(quoted, kind, span, possessor=possessor)


def _sentence_before(context: _Context, quoted: QuotedString, para: tuple[int, int]) -> str:
    """The writer's words before the opening mark, back to the start of their sentence."""
    if quoted.open_mark is None:
        return ""
    doc = context.doc
    mark = doc.char_span(quoted.open_mark, quoted.open_mark + 1, alignment_mode="expand")
    if mark is None:
        return context.text[para[0] : quoted.open_mark]
    first, _ = context.sentence(mark[0])
    start = max(doc[first].idx, para[0])
    return context.text[start : quoted.open_mark]


def _has_clause(span: Span) -> bool:
    """Whether the quoted words hold a clause: a verb with its subject, or an imperative."""
    for token in span:
        if token.pos_ in ("VERB", "AUX") and any(
            child.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and span.start <= child.i
            for child in token.children
            if child.i < span.end
        ):
            return True
    root = span.root
    return root.pos_ in ("VERB", "AUX") and span[0].text[:1].isupper()


# --------------------------------------------------------------------------------------------
# 3. Cues, speakers


def _is_cue(context: _Context, token: Token) -> bool:
    if context.inside[token.i] or token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.lower()
    if lemma not in SPEECH_VERBS:
        return False
    if any(child.dep_ == "neg" for child in token.children):
        return False
    if lemma == "point":
        return any(child.lower_ == "out" for child in token.children)
    if lemma == "continue":
        return not any(child.dep_ in ("xcomp", "dobj") for child in token.children)
    return True


def _cue_governing(context: _Context, span: Span) -> Token | None:
    """The speech verb the quoted words depend on, a few heads up from them, within the
    paragraph and outside any other quotation."""
    para = context.paragraphs[context.paragraph_of(span.start_char)]
    token = span.root
    for _ in range(6):
        head = token.head
        if head.i == token.i or not para[0] <= head.idx < para[1]:
            return None
        if span.start <= head.i < span.end:
            token = head
            continue
        if _is_cue(context, head):
            return head
        token = head
    return None


def _subject_of(context: _Context, verb: Token) -> Token | None:
    """The speaker words of a cue verb: its subject, wherever it stands (in its paragraph)."""
    doc = context.doc
    para = context.paragraph_span(verb.idx)
    for child in verb.children:
        if not para[0] <= child.idx < para[1]:
            continue
        if child.dep_ in _SUBJECT_DEPS and not context.inside[child.i]:
            if child.lower_ in ("who", "that") and verb.dep_ == "relcl":
                return _relative_antecedent(verb.head) if child.lower_ == "who" else verb.head
            if child.lower_ in ("it", "there", "this", "which", "what"):
                return child if child.lower_ == "it" else None
            return child
    if verb.lemma_ == "accord":
        for child in verb.children:
            if child.lower_ == "to":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        return None
    # Participles and conjoined verbs share the subject of the verb they hang on
    # ("..., adding that", "praised China and said").
    if (
        verb.dep_ in ("advcl", "xcomp", "conj", "pcomp")
        and verb.head.i != verb.i
        and verb.head.pos_ in ("VERB", "AUX")
        and para[0] <= verb.head.idx < para[1]
    ):
        return _subject_of(context, verb.head)
    # A participle hung on the name it follows ("Pierre Gignac, EDC's risk officer,
    # mentioned in a commentary" parsed as a reduced relative clause): the name speaks.
    if (
        verb.dep_ == "acl"
        and verb.head.i < verb.i
        and para[0] <= verb.head.idx
        and not context.inside[verb.head.i]
        and (verb.head.ent_type_ == "PERSON" or verb.head.pos_ == "PROPN")
        and verb.head.ent_type_ not in ("DATE", "TIME")
    ):
        return verb.head
    # A name right before the verb that the parser did not take for its subject
    # ("Still, McNeely said ...": McNeely as an adverbial modifier).
    for child in verb.lefts:
        if (
            child.right_edge.i == verb.i - 1
            and para[0] <= child.idx
            and not context.inside[child.i]
            and child.dep_ in ("advmod", "npadvmod", "dep", "nmod", "compound", "appos", "attr")
            and (child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG"))
            and child.ent_type_ not in ("DATE", "TIME")
        ):
            return child
    # The parser attached the verb elsewhere ("Guest said too often, the ER ..." parsed with
    # "becomes" as the root): the noun right before the verb, adverbs skipped.
    index = verb.i - 1
    while index >= 0 and doc[index].pos_ == "ADV" and doc[index].idx >= para[0]:
        index -= 1
    if index >= 0 and doc[index].idx >= para[0] and not context.inside[index]:
        before = doc[index]
        if (
            (before.pos_ in ("PROPN", "NOUN") or before.lower_ in ("he", "she", "they"))
            and before.dep_ not in ("pobj", "dobj", "poss")
            and before.ent_type_ not in ("DATE", "TIME")
        ):
            return before
    # Inverted "said X" parsed as an object.
    inverted_ok = _attributes_quote(context, verb, None)
    for child in verb.children:
        if (
            child.i > verb.i
            and child.idx < para[1]
            and child.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
            and (
                child.pos_ == "PROPN"
                or child.ent_type_ == "PERSON"
                or (inverted_ok and child.pos_ == "NOUN")  # '"...," says the founder'
            )
            and child.ent_type_ not in ("DATE", "TIME")
        ):
            return child
    return None


def _relative_antecedent(head: Token) -> Token:
    """The person a "who" stands for: the parser often hangs the relative clause on the last
    noun of a description ("Yoni Freedhoff, medical director of Ottawa's Bariatric Medical
    Institute, who writes"): climb from a non-person through prepositions and appositions to
    the person it describes."""
    token = head
    for _ in range(6):
        if token.ent_type_ == "PERSON":
            return token
        if token.dep_ not in ("pobj", "prep", "appos", "compound") or token.head.i == token.i:
            break
        token = token.head
    return head


# fmt: off
_DOCUMENT_NOUNS = frozenset(
    [
        "statement", "release", "letter", "email", "e-mail", "memo", "tweet", "post", "note",
        "message", "notice", "filing",
    ]
)
# fmt: on


def _named_speaker(head: Token) -> Token:
    """The name behind a description: "His lawyer, Zhang Dongshuo, said" -> the name in
    apposition; "A statement from the EU said" -> the one the statement comes from."""
    if head.pos_ != "NOUN":
        return head
    for child in head.rights:
        if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_ == "PERSON"):
            return child
    if head.lemma_.lower() in _DOCUMENT_NOUNS:
        for token in head.subtree:
            if (
                token.dep_ == "pobj"
                and token.head.lower_ in ("from", "by")
                and (token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG"))
            ):
                return token
    return head


def _speaker_extent(context: _Context, head: Token) -> tuple[int, int]:
    """Character span of the speaker words as written: the name, or the noun with its
    determiners and modifiers ("the secretary", "Carolina coach Rod Brind'Amour" -> the name)."""
    doc = context.doc
    if head.ent_type_ and head.ent_iob_ != "O":
        start = head.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = head.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        entity_span = doc[start:end]
        if entity_span.label_ in ("PERSON", "ORG", "NORP", "GPE"):
            return entity_span.start_char, entity_span.end_char
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head.text)
    left = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod") or (
            child.dep_ == "punct" and child.text == "-"
        ):
            left = min(left, child.left_edge.i)
            break
    end_index = head.i
    if head.pos_ == "NOUN":
        # A description goes on after its noun: "A person familiar with the negotiations",
        # "Another member of the public", "a spokesperson for the ministry".
        for child in head.rights:
            if child.i != end_index + 1 or context.inside[child.right_edge.i]:
                break
            if child.dep_ == "amod" or (
                child.dep_ == "prep" and child.lower_ in _DESCRIPTION_PREPOSITIONS
            ):
                end_index = child.right_edge.i
            else:
                break
    if head.pos_ == "PROPN":
        for child in head.rights:
            if child.dep_ in ("flat", "compound") and child.i == end_index + 1:
                end_index = child.i
    # Names as a chain of proper nouns ("Harry J. Kazianis").
    if head.pos_ == "PROPN":
        left = head.i
        while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].dep_ == "compound":
            left -= 1
    return doc[left].idx, doc[end_index].idx + len(doc[end_index].text)


_DESCRIPTION_PREPOSITIONS = frozenset({"of", "for", "from", "with", "at"})


def _resolve(context: _Context, head: Token, start: int, end: int) -> str | None:
    """The canonical name (an entity's ``name``) the speaker words refer to, or None.

    A pronoun is resolved here first, by the speaker-centred rules of `_nearest_person`
    (measured better for speakers than a general resolver), then by the entity's mention."""
    best: Entity | None = None
    for m_start, m_end, entity in context.mention_spans:
        if m_start > head.idx:
            break
        if (
            m_end > head.idx
            and entity.type in _SPEAKER_TYPES
            and (best is None or entity.type == "PERSON")
        ):
            best = _full_name(context, entity)
    lower = head.lower_
    if head.pos_ == "PRON":
        found = None
        if lower == "it":
            found = _nearest_organisation(context, head.idx, None)
        elif lower in _PRONOUN_GENDER:  # he, she; his, her as a speaker's possessor
            found = _nearest_person(context, head.idx, _PRONOUN_GENDER[lower])
        return found or (best.name if best is not None else None)
    # 1. A mention of an entity that covers the speaker's head word.
    if best is not None:
        return best.name
    words = context.text[start:end]
    # 2. A name or alias written as in the entity list, or a surname of one person.
    name = _match_name(context, words, head)
    if name is not None:
        return name
    if head.ent_type_ in ("ORG", "GPE") or (head.pos_ == "PROPN" and head.ent_type_ != "NORP"):
        return None
    # 3. A role noun: the nearest person given that role before it.
    if head.tag_ in ("NN", "NNP") and (head.pos_ == "NOUN" or head.ent_type_ == "NORP"):
        lemma = head.lemma_.lower()
        determiner = next((c for c in head.lefts if c.dep_ == "det"), None)
        if lemma in _ORG_NOUNS:
            # "The union says": the organisation speaks, not the person described as its
            # president ("Chapman, president of the union"), whose role words hold the noun.
            if determiner is not None and determiner.lower_ == "the":
                return _nearest_organisation(context, head.idx, lemma)
            return None
        for person in _persons_before(context, head.idx):
            if lemma in context.titles.get(person.name, ()) or lower in context.titles.get(
                person.name, ()
            ):
                return person.name
        if determiner is not None and determiner.lower_ == "the" and lemma not in _NON_PERSON_HEADS:
            # "the 26-year-old right wing said": the person the last sentences were about.
            return _recent_subject(context, head)
    return None


_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE"})
"""Entity types that speak; "the Kentucky Republican" (NORP) is a role noun for a person."""


def _full_name(context: _Context, entity: Entity) -> Entity:
    """A speaker known by a surname alone ("Nunes") when the entity list also holds exactly
    one entity with a full name ending in it ("Amanda Nunes"): the full name. A surname that
    speaks is a person's, whatever type the entity list gave either form."""
    if " " in entity.name.strip() or entity.type not in _SPEAKER_TYPES:
        return entity
    surname = _normal_name(entity.name)
    fuller = [
        other
        for other in context.entities
        if other is not entity
        and other.type in _SPEAKER_TYPES
        and len(_normal_name(other.name).split()) in (2, 3)
        and _normal_name(other.name).split()[-1] == surname
        and other.name[:1].isupper()
    ]
    return fuller[0] if len(fuller) == 1 else entity


def _match_name(context: _Context, words: str, head: Token) -> str | None:
    normal = _normal_name(words)
    if not normal:
        return None
    for entity in context.entities:
        if _normal_name(entity.name) == normal or any(
            _normal_name(alias) == normal for alias in entity.aliases
        ):
            return _full_name(context, entity).name
    if head.pos_ != "PROPN":
        return None
    surname = normal.split()[-1]
    people = [
        entity.name
        for entity in context.entities
        if entity.type == "PERSON" and _normal_name(entity.name).split()[-1:] == [surname]
    ]
    if len(people) == 1:
        return people[0]
    if len(people) > 1:
        # Several people share the surname: the one named most recently.
        for person in _persons_before(context, head.idx):
            if person.name in people:
                return person.name
    return None


def _normal_name(name: str) -> str:
    name = re.sub(r"[\u2019']s$", "", name.strip())
    name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.IGNORECASE)
    return " ".join(re.findall(r"[\w-]+", name.lower()))


def _persons_before(context: _Context, offset: int, limit: int = 40):
    index = bisect_right(context.person_starts, offset) - 1
    count = 0
    while index >= 0 and count < limit:
        yield context.persons[index]
        index -= 1
        count += 1


def _nearest_person(context: _Context, offset: int, gender: str) -> str | None:
    """The person a he/she refers to: among the people named in the last few paragraphs and
    not known to have the other gender, the nearest subject of a main clause or speech verb,
    else the nearest subject of any clause, else the nearest one not named as a possessor."""
    paragraph = context.paragraph_of(offset)
    floor = context.paragraphs[max(0, paragraph - _PRONOUN_PARAGRAPHS)][0]
    candidates = []
    for person in _persons_before(context, offset):
        if person.start < floor:
            break
        if context.caption[context.paragraph_of(person.start)]:
            continue  # the people of a photo or video caption are not the story's
        if context.gender.get(person.name, gender) == gender:
            candidates.append(person)
    # The last sentences first (long paragraphs hold many people), then the paragraphs.
    sentence = _sentence_at(context, offset)
    if candidates and _sentence_at(context, candidates[0].start) < sentence:
        # Nobody named in the pronoun's own sentence, exactly one person in the one before:
        # the person just introduced ("... produced results for accountant Babatunji
        # Farinloye, 50. "I had a membership," he says."), whatever their role in it.
        before = {p.name for p in candidates if _sentence_at(context, p.start) == sentence - 1}
        if len(before) == 1 and all(before):
            return next(iter(before))
    near = [p for p in candidates if _sentence_at(context, p.start) >= sentence - 2]
    for group in (near, candidates):
        for tier in _PRONOUN_TIERS:
            for person in group:
                if tier(person):
                    return person.name or None
    return None


def _sentence_at(context: _Context, offset: int) -> int:
    token = context.doc.char_span(offset, offset + 1, alignment_mode="expand")
    return context.sentence_of[token.start] if token is not None else 0


def _nearest_organisation(context: _Context, offset: int, noun: str | None) -> str | None:
    """The organisation an "it" or "the company" stands for: the nearest one named as a
    subject in this paragraph or the three before (one whose name holds the noun first)."""
    paragraph = context.paragraph_of(offset)
    floor = context.paragraphs[max(0, paragraph - _PRONOUN_PARAGRAPHS)][0]
    index = bisect_right(context.organisation_starts, offset) - 1
    fallback = None
    while index >= 0 and context.organisations[index].start >= floor:
        organisation = context.organisations[index]
        index -= 1
        if noun is not None and noun in organisation.name.lower():
            return organisation.name
        if organisation.any_subject and fallback is None:
            fallback = organisation.name
    return fallback


def _recent_subject(context: _Context, head: Token) -> str | None:
    floor = context.paragraphs[max(0, context.paragraph_of(head.idx) - 1)][0]
    for person in _persons_before(context, head.idx):
        if person.start < floor:
            return None
        if person.subject:
            return person.name
    return None


# --------------------------------------------------------------------------------------------
# 4. Reported speech


def _indirect_quotes(context: _Context) -> list[_Candidate]:
    doc = context.doc
    found = []
    for token in doc:
        if token.lower_ == "according" and not context.inside[token.i]:
            candidate = _according_to(context, token)
        elif _is_cue(context, token):
            candidate = _reported_clause(context, token) or _speech_event(context, token)
        else:
            continue
        if candidate is not None:
            found.append(candidate)
    return found


def _speech_event(context: _Context, verb: Token) -> _Candidate | None:
    """Someone speaking without a reported clause ("Nicholson outlined for his colleagues how
    the policy works", "Blinken spoke on CNN"): not a quote, but a quote standing alone in the
    next paragraph continues it."""
    if not context.prose[context.paragraph_of(verb.idx)] or _is_passive(verb):
        return None
    subject = _subject_of(context, verb)
    if subject is None or subject.lower_ in ("it", "they", "we", "you", "i"):
        return None
    span = context.doc[verb.i : verb.i + 1]
    quoted = QuotedString(verb.idx, verb.idx + len(verb.text), None, None)
    candidate = _Candidate(quoted, "event", span, cue=verb)
    candidate.speaker_token = subject
    return candidate


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range without edge punctuation, spaces and quotation marks (inclusive)."""
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if first > last:
        return None
    return first, last


_OBJECT_VERBS = frozenset({"tell", "inform", "remind", "warn", "assure", "ask", "advise", "urge"})


def _clause_bounds(context: _Context, token: Token) -> tuple[int, int]:
    """First and last token index of the sentence holding ``token``, kept to its paragraph."""
    doc = context.doc
    first, last = context.sentence(token)
    while first < token.i and (doc[first].is_space or doc[first].text in _BULLET_CHARS):
        first += 1
    return first, last


# fmt: off
_NOT_SPEECH_OBJECTS = frozenset(
    [
        "something", "anything", "nothing", "everything", "it", "that", "this", "so", "goodbye",
        "hello", "yes", "no", "thanks", "word", "words", "prayer", "much", "little", "lot", "lots",
        "more", "less", "few", "grace", "sorry", "story", "truth", "lie",
    ]
)
# fmt: on


def _loose_clause(context: _Context, verb: Token, s_last: int) -> tuple[int, int] | None:
    """ "Garland said unemployment and lost earning power have broad relevance": the small
    model often parses the clause after "say"/"tell" as an object and conjuncts, with no
    ccomp. Take the rest of the sentence when it holds a finite verb of its own."""
    doc = context.doc
    lemma = verb.lemma_.lower()
    if lemma not in ("say", "tell"):
        return None
    rights = [child for child in verb.rights if child.i <= s_last and child.dep_ != "punct"]
    if not rights:
        return None
    first = verb.i + 1
    objects = [child for child in rights if child.dep_ in ("dobj", "dative")]
    if lemma == "tell":
        if not objects:
            return None
        first = objects[0].right_edge.i + 1  # "told reporters ..."
    elif objects and objects[0].lemma_.lower() in _NOT_SPEECH_OBJECTS:
        return None
    while first <= s_last and doc[first].dep_ in ("npadvmod", "prep", "pobj", "det"):
        if doc[first].ent_type_ not in ("DATE", "TIME"):
            break
        first += 1
    if s_last - first < 3 or doc[first].text in (",", ":"):
        return None
    finite = any(
        token.tag_ in ("VBD", "VBZ", "VBP", "MD") and not context.inside[token.i]
        for token in doc[first + 1 : s_last + 1]
    )
    return (first, s_last) if finite else None


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _finite(verb: Token) -> bool:
    """A clause that can be reported: a finite verb, or one with its own subject."""
    return verb.tag_ in _FINITE_TAGS or any(
        child.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") and child.i < verb.i
        for child in verb.children
    )


def _is_passive(verb: Token) -> bool:
    if any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children):
        return True
    # "had been diagnosed ... and told he had": a participle sharing a passive's auxiliary.
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "conj"
        and not any(child.dep_ in ("nsubj", "aux") for child in verb.children)
        and any(child.dep_ == "auxpass" for child in verb.head.children)
    )


def _attributes_quote(context: _Context, verb: Token, subject: Token | None) -> bool:
    """Whether the verb stands right after a closing quotation mark (and comma): then it
    attributes that quote."""
    lead = verb.i
    if subject is not None and subject.i < verb.i:
        lead = subject.left_edge.i
    index = lead - 1
    doc = context.doc
    while (
        index >= 0
        and doc[index].text in ",\u2014"
        or (index >= 0 and doc[index].is_space and "\n" not in doc[index].text)
    ):
        index -= 1
    return (
        index >= 0
        and context.paragraph_of(doc[index].idx) == context.paragraph_of(verb.idx)
        and doc[index].text in _MARKS + "\u2019\u2019''"
    )


def _cover_quotes(context: _Context, start: int, end: int) -> tuple[int, int]:
    """Extend a reported clause over the quotations it cuts (its trimmed end stops before the
    closing punctuation a quoted fragment holds: would be "released in due course.")."""
    for quoted in context.quoted:
        if quoted.start < end <= quoted.end:
            end = quoted.end
        if quoted.start <= start < quoted.end:
            start = quoted.start
    return start, end


def _all_quoted(context: _Context, tokens: Span) -> bool:
    """Whether a reported clause is one quotation and nothing else ("said "..."" or
    "said that "...""): then the quotation is the quote. A clause holding a quoted fragment
    among the writer's words is reported speech, the fragment a partial quote inside it."""
    outside = [
        token
        for token in tokens
        if not context.inside[token.i]
        and not token.is_punct
        and not token.is_space
        and token.lower_ != "that"
    ]
    return len(outside) <= 1 and any(context.inside[token.i] for token in tokens)


def _reported_clause(context: _Context, verb: Token) -> _Candidate | None:
    """ "X said (that) <clause>" and "<clause>, X said": the clause the speech verb reports."""
    doc = context.doc
    if _is_passive(verb) or not context.prose[context.paragraph_of(verb.idx)]:
        return None  # "is said to", "was told he": the subject is not the speaker
    s_first, s_last = _clause_bounds(context, verb)
    subject = _subject_of(context, verb)
    complement = next(
        (
            c
            for c in verb.rights
            if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and c.i <= s_last and _finite(c)
        ),
        None,
    )
    if complement is not None and _attributes_quote(context, verb, subject):
        return None  # '"...," says the founder of X, which ...': the quote is what was said
    if complement is not None:
        # Skip what stands between the verb and its clause: the subject of an inverted
        # "said X", the hearer of "told X", "on Sunday", "in an interview".
        first = verb.i + 1
        clause_start = complement.left_edge.i
        for child in verb.rights:
            if child.i >= clause_start or child.dep_ == "ccomp":
                break
            if child.dep_ in ("dobj", "dative") and verb.lemma_ not in _OBJECT_VERBS:
                break  # "said unemployment ... have": a clause's subject parsed as an object
            if child.dep_ in ("punct", "cc", "conj"):
                break
            first = max(first, child.right_edge.i + 1)
        last = max(complement.right_edge.i, first)
        for child in verb.rights:
            # "said he would go on Monday" (the parser hangs "on Monday" on "said"), but not
            # a participle after a comma (", saying ...": a quote of its own).
            if (
                child.i > complement.right_edge.i
                and child.dep_ in ("prep", "npadvmod", "advmod")
                and not any(doc[i].text in ",;:" for i in range(last + 1, child.i))
            ):
                last = max(last, child.right_edge.i)
        last = min(last, s_last)
    elif (loose := _loose_clause(context, verb, s_last)) is not None:
        first, last = loose
    else:
        # "<clause>, he said" / "<clause>, said the minister": a comma before the attribution,
        # and nothing after the verb but where, when and how it was said.
        if any(
            child.dep_ in ("dobj", "dative", "xcomp", "ccomp", "conj", "attr", "acomp")
            for child in verb.rights
            if child.i <= s_last
        ):
            return None
        lead = verb.i
        if subject is not None and subject.i < verb.i:
            lead = min(lead, subject.left_edge.i)
        boundary = lead - 1
        while boundary >= s_first and (doc[boundary].is_space or doc[boundary].text in _MARKS):
            boundary -= 1
        if boundary <= s_first or doc[boundary].text not in (",", "\u2014", "--", "\u2013"):
            return None
        first, last = s_first, boundary - 1
    trimmed = _trim(doc, max(first, s_first), last)
    if trimmed is None:
        return None
    first, last = trimmed
    if subject is not None and first <= subject.i <= last:
        return None
    if last - first < 2:
        return None
    tokens = doc[first : last + 1]
    if _all_quoted(context, tokens):
        return None  # the quotation marks already give this quote
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    start, end = _cover_quotes(context, tokens.start_char, tokens.end_char)
    candidate = _Candidate(QuotedString(start, end, None, None), "indirect", tokens, cue=verb)
    candidate.speaker_token = subject
    return candidate


def _according_to(context: _Context, token: Token) -> _Candidate | None:
    """ "according to X, <clause>" / "<clause>, according to X"."""
    doc = context.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is None or following.lower_ != "to":
        return None
    source = next((c for c in following.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    if not context.prose[context.paragraph_of(token.idx)]:
        return None
    s_first, s_last = _clause_bounds(context, token)
    phrase_first, phrase_last = token.i, source.right_edge.i
    if phrase_first - s_first <= 2:
        span = _trim(doc, phrase_last + 1, s_last)
    elif s_last - phrase_last <= 2:
        span = _trim(doc, s_first, phrase_first - 1)
    else:
        return None
    if span is None or span[1] - span[0] < 3:
        return None
    tokens = doc[span[0] : span[1] + 1]
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    if _all_quoted(context, tokens):
        return None
    start, end = _cover_quotes(context, tokens.start_char, tokens.end_char)
    candidate = _Candidate(QuotedString(start, end, None, None), "indirect", tokens, cue=token)
    candidate.speaker_token = source
    return candidate


# --------------------------------------------------------------------------------------------
# Attribution of quoted strings


def _attribute(context: _Context, candidate: _Candidate) -> None:
    """Find the cue verb and speaker words of a direct or partial quote, where written."""
    doc, span = context.doc, candidate.tokens
    assert span is not None
    if candidate.possessor is not None and candidate.kind == "partial":
        candidate.speaker_token = candidate.possessor  # Biden's "minor incursion" gaffe
        return
    cue = _cue_governing(context, span)
    if cue is None and candidate.kind == "direct":
        cue = _cue_nearby(context, candidate)
    if cue is None and candidate.kind == "partial":
        cue = _according_in_sentence(context, span)
    if cue is not None:
        candidate.cue = cue
        if cue.lower_ == "according":
            to = doc[cue.i + 1]
            candidate.speaker_token = next((c for c in to.children if c.dep_ == "pobj"), None)
        else:
            candidate.speaker_token = _subject_of(context, cue)
        return
    if candidate.possessor is not None:
        candidate.speaker_token = candidate.possessor
        return
    if candidate.kind == "direct":
        candidate.speaker_token = _colon_speaker(context, candidate)


def _cue_nearby(context: _Context, candidate: _Candidate) -> Token | None:
    """A speech verb in the writer's words right after the closing mark ("...," he said) or
    before the opening one (He said: "..."), in the same sentence and paragraph."""
    doc, quoted = context.doc, candidate.quoted
    para = context.paragraphs[context.paragraph_of(quoted.start)]
    span = candidate.tokens
    assert span is not None
    if quoted.close_mark is not None:
        index = span.end
        _, sentence_last = context.sentence(span[-1])
        while index <= sentence_last and doc[index].idx < para[1]:
            token = doc[index]
            if context.inside[token.i]:
                break
            if _is_cue(context, token) or _is_according(context, token):
                return token
            if token.text in _SENTENCE_END and token.i > span.end + 1:
                break
            index += 1
        following = _attribution_after(context, span, sentence_last)
        if following is not None:
            return following
    if quoted.open_mark is not None:
        index = span.start - 1
        sentence_first, _ = context.sentence(span[0])
        while index >= sentence_first and doc[index].idx >= para[0]:
            token = doc[index]
            if context.inside[token.i]:
                break
            if token.text in _SENTENCE_END and token.i < span.start - 2:
                break
            if _is_cue(context, token):
                return token
            index -= 1
    return None


def _is_according(context: _Context, token: Token) -> bool:
    if token.lower_ != "according" or context.inside[token.i]:
        return False
    return token.i + 1 < len(context.doc) and context.doc[token.i + 1].lower_ == "to"


def _attribution_after(context: _Context, span: Span, sentence_last: int) -> Token | None:
    """ "...?" Kim said.": the parser often ends the sentence at "?"" or "!"", leaving the
    attribution as a sentence of its own; take it when it reports nothing else."""
    doc = context.doc
    index = sentence_last + 1
    while index < len(doc) and (doc[index].is_space or doc[index].text in _MARKS):
        if doc[index].text in _MARKS and doc[index].idx > (span.end_char + 1):
            return None
        index += 1
    if index >= len(doc) or index > span.end + 3 or context.inside[index]:
        return None
    para = context.paragraph_span(span.start_char)
    if doc[index].idx >= para[1]:
        return None
    first, last = context.sentence(doc[index])
    for token in doc[first : min(last, first + 20) + 1]:
        if context.inside[token.i]:
            return None
        if _is_cue(context, token):
            if any(child.dep_ == "ccomp" and child.i > token.i for child in token.children):
                return None
            return token
    return None


def _according_in_sentence(context: _Context, span: Span) -> Token | None:
    first, last = context.sentence(span[0])
    for token in context.doc[first : last + 1]:
        if token.lower_ == "according" and not context.inside[token.i]:
            following = context.doc[token.i + 1] if token.i + 1 < len(context.doc) else None
            if following is not None and following.lower_ == "to":
                return token
    return None


def _colon_speaker(context: _Context, candidate: _Candidate) -> Token | None:
    """ "Blinken: "..."": a name right before a colon that introduces the quote."""
    quoted = candidate.quoted
    if quoted.open_mark is None:
        return None
    text = context.text
    paragraph = context.paragraph_of(quoted.start)
    para = context.paragraphs[paragraph]
    before = text[para[0] : quoted.open_mark].rstrip()
    if not before.strip(_BULLET_CHARS) and paragraph > 0:
        # 'McCain notes:' closing the paragraph before the one the quote opens.
        para = context.paragraphs[paragraph - 1]
        before = text[para[0] : para[1]].rstrip()
    if not before.endswith(":"):
        return None
    doc = context.doc
    colon = doc.char_span(len(before) - 1 + para[0], len(before) + para[0], "expand")
    if colon is None or colon.start == 0:
        return None
    # The clause the colon ends: "Martell, the addictions doctor, is more blunt:" (its
    # subject), "Colbert's biggest zinger:" (its possessor), "Blinken:" (the name itself).
    first = context.sentence(colon[0])[0]
    # A paragraph of whitespace-led tokens may not align to a span: then its sentence is enough.
    if (paragraph_span := doc.char_span(para[0], para[1], "expand")) is not None:
        first = max(first, paragraph_span.start)
    heads = [
        token
        for token in doc[first : colon.start]
        if token.pos_ in ("NOUN", "PROPN", "VERB", "AUX")
        and (not first <= token.head.i < colon.start or token.head == token)
    ]
    if not heads:
        return None
    head = heads[0]
    if head.pos_ == "PROPN" or head.ent_type_ == "PERSON":
        subject = head
    elif head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.children if c.dep_ in _SUBJECT_DEPS), None)
    else:
        subject = next((c for c in head.children if c.dep_ == "poss"), None)
    if subject is not None and (
        subject.pos_ == "PROPN" or subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she")
    ):
        return subject
    return None


# --------------------------------------------------------------------------------------------
# Public entry point


def extract_quotes(
    doc: Doc,
    article: ParsedArticle,
    entities: list[Entity],
    *,
    indirect: bool = False,
) -> list[Quote]:
    """The quotes of ``article`` with their speakers, in reading order.

    ``doc`` is the parse of ``article.source`` (offsets are source offsets); ``entities`` the
    article's resolved entities: a speaker is always one of their ``name`` values, or None.
    Indirect (reported) speech is found in every case, because a bulleted quote inherits its
    speaker from the reported speech that introduced it, but is returned only when
    ``indirect`` is true: the product serves direct and partial quotes.
    """
    quoted = find_quoted_strings(doc.text)
    context = _build_context(doc, entities, quoted)
    candidates: list[_Candidate] = []
    for quoted_string in quoted:
        candidate = _classify(context, quoted_string)
        if candidate is None:
            continue
        _attribute(context, candidate)
        if candidate.kind == "partial" and candidate.cue is None and candidate.possessor is None:
            continue  # a fragment nobody is said to have said: scare quotes
        candidates.append(candidate)
    candidates.extend(_indirect_quotes(context))
    candidates.sort(key=lambda c: c.quoted.start)

    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_paragraph = -1
    for candidate in candidates:
        quote = _to_quote(context, article, candidate)
        paragraph = context.paragraph_of(quote.start)
        if quote.speaker_text is None and candidate.kind == "direct" and previous is not None:
            same = paragraph == previous_paragraph
            follows = _opens_paragraph(context, candidate, paragraph) and (
                paragraph == previous_paragraph + 1
                or paragraph == previous_paragraph + 2
                and not _names_anyone(context, paragraph - 1)
            )
            if same or follows:
                quote.speaker = previous.speaker
                quote.speaker_text = previous.speaker_text
                quote.speaker_start = previous.speaker_start
                quote.speaker_end = previous.speaker_end
        if quote.speaker_text is None and candidate.kind == "direct" and candidate.cue is None:
            topic = _topic_before(context, candidate)
            if topic is not None:
                candidate.speaker_token = topic
                quote = _to_quote(context, article, candidate)
        if candidate.kind != "event" and (
            quote.speaker_text is not None or candidate.kind != "indirect"
        ):
            quotes.append(quote)
        if quote.speaker_text is not None:
            previous, previous_paragraph = quote, paragraph
        elif candidate.kind != "partial":
            previous, previous_paragraph = None, paragraph
    if not indirect:
        quotes = [quote for quote in quotes if quote.kind != "indirect"]
    return quotes


_TOPIC_SENTENCES = 3


def _topic_before(context: _Context, candidate: _Candidate) -> Token | None:
    """The speaker of a quote nothing attributes, continuing the story of a person
    ("Laurin experienced a drop in income. [...]" / ""It took me two years ...""): the
    person who is the subject of the nearest of the writer's sentences before it, in its
    paragraph or, when the quote opens one, the paragraph before; a pronoun ("he did have
    patients die") or the possessor of the subject ("Her message now is simple") counts."""
    doc, span = context.doc, candidate.tokens
    assert span is not None
    paragraph = context.paragraph_of(candidate.quoted.start)
    floor = context.paragraphs[paragraph][0]
    if _opens_paragraph(context, candidate, paragraph) and paragraph > 0:
        floor = context.paragraphs[paragraph - 1][0]
        if not context.prose[paragraph - 1] and len(doc.text[floor : span.start_char]) > 400:
            return None
    sentence = context.sentence_of[span.start] - 1
    for _ in range(_TOPIC_SENTENCES):
        if sentence < 0:
            return None
        first, last = context.sentences[sentence]
        if doc[last].idx < floor:
            return None
        for token in doc[max(first, 0) : last + 1]:
            if token.idx < floor or context.inside[token.i]:
                continue
            if token.dep_ == "nsubj" or (token.dep_ == "ROOT" and token.pos_ == "PROPN"):
                speaker = _person_word(token)
                if speaker is None:
                    speaker = next(
                        (c for c in token.children if c.dep_ == "poss" and _person_word(c)),
                        None,
                    )
                if speaker is not None:
                    return speaker
        sentence -= 1
    return None


def _person_word(token: Token) -> Token | None:
    if token.lower_ in _PRONOUN_GENDER and token.lower_ not in ("him", "himself", "herself"):
        return token
    return token if token.ent_type_ == "PERSON" else None


def _names_anyone(context: _Context, paragraph: int) -> bool:
    """Whether a paragraph names a person or holds a quotation: then a quote after it does not
    continue the speaker before it."""
    start, end = context.paragraphs[paragraph]
    index = bisect_right(context.person_starts, start)
    if index < len(context.persons) and context.persons[index].start < end:
        return True
    return any(start <= quoted.start < end for quoted in context.quoted) or any(
        token.ent_type_ == "PERSON"
        for token in context.doc.char_span(start, end, alignment_mode="expand") or ()
    )


def _opens_paragraph(context: _Context, candidate: _Candidate, paragraph: int) -> bool:
    start = context.paragraphs[paragraph][0]
    mark = candidate.quoted.open_mark
    position = candidate.quoted.start if mark is None else mark
    return not context.text[start:position].strip(_BULLET_CHARS + " \t")


def _to_quote(context: _Context, article: ParsedArticle, candidate: _Candidate) -> Quote:
    quoted = candidate.quoted
    text = context.text[quoted.start : quoted.end]
    start, end = quoted.start, quoted.end
    # Offsets of the words themselves, without surrounding whitespace.
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    end = start + len(stripped)
    section = article.section_at(start)
    quote = Quote(
        text=stripped,
        start=start,
        end=end,
        kind=candidate.kind,
        cue=None,
        section=section.slug if section is not None else None,
    )
    cue = candidate.cue
    if cue is not None:
        quote.cue = "according to" if cue.lower_ == "according" else cue.text
    head = candidate.speaker_token
    if head is not None and not any(char.isalpha() for char in head.text):
        head = None  # punctuation the parser took for a subject
    if head is not None:
        head = _named_speaker(head)
        s_start, s_end = _speaker_extent(context, head)
        quote.speaker_text = context.text[s_start:s_end]
        quote.speaker_start, quote.speaker_end = s_start, s_end
        quote.speaker = _resolve(context, head, s_start, s_end)
        if head.pos_ == "PROPN" or quote.speaker is not None:
            _remember_speaker(context, quote.speaker, head, s_start, s_end)
    return quote


def _remember_speaker(
    context: _Context, name: str | None, head: Token, start: int, end: int
) -> None:
    """A named speaker is someone later pronouns and role nouns may refer to, whatever type
    the entity list gave the name (a person's surname alone is sometimes labelled a place).
    One the entity list does not know stays in the way as nobody (``""``): a "he" after
    "Purdy says" is not whoever was named before Purdy."""
    entity = next((e for e in context.entities if e.name == name), None)
    if entity is None and head.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT"):
        return
    kind = entity.type if entity is not None else "PERSON"
    mention = _PersonMention(start, end, name or "", True, True, False, kind)
    if kind == "ORG":
        where, starts = context.organisations, context.organisation_starts
    else:
        where, starts = context.persons, context.person_starts
    index = bisect_right(starts, start)
    if index > 0 and starts[index - 1] == start:
        where[index - 1].subject = where[index - 1].any_subject = True  # known: now a speaker
        return
    where.insert(index, mention)
    starts.insert(index, start)
