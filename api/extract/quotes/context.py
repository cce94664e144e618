"""What every quote step reads: the article's context, built once, and the values passed along.

`build_context` reads the parse once per article: paragraphs (the lines of the source), the
writer's sentences (spaCy's, mended), which tokens stand inside quotation marks, the entities'
mentions, and the people and organisations named with their grammatical role, titles and
gender. The `ArticleContext` is never changed afterwards. What the quotes teach about speakers
as they are attributed in reading order (who spoke, so that a later "he" can reach them; the
last quote's speaker, which a following quote may continue) is a `SpeakerMemory` value that the
builder passes from one quote to the next, each time a new one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from api.extract.language import (
    Referent,
    Referents,
    person_gender,
    pronoun_votes,
    role_noun_gender,
    speaker_honorific_gender,
)
from api.extract.lexicon import BULLET_CHARS, SENTENCE_END, SUBJECT_DEPS
from api.extract.quotation import MARKS, QuotedString, paragraphs
from api.extract.quotes.cues import is_cue
from api.extract.records import Entity, ParsedArticle

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """The parse of one article as the quote steps read it. Built once by `build_context`."""

    doc: Doc
    text: str
    paragraphs: list[tuple[int, int]]
    paragraph_starts: list[int]
    entities: list[Entity]
    inside: list[bool]  # per token: inside quotation marks
    mention_spans: list[tuple[int, int, Entity]]  # every entity mention, by start
    referents: Referents  # the people and organisations the entities name
    titles: dict[str, set[str]]  # person's name -> role words written around the name
    gender: dict[str, str]  # person's name -> "m" | "f", where the article says
    sentence_of: list[int]  # per token: writer sentence index
    sentences: list[tuple[int, int]]  # first, last token
    quoted: list[QuotedString]
    prose: list[bool]  # per paragraph: ends like a sentence
    caption: list[bool]  # per paragraph: a photo/video caption
    # Per paragraph that opens with a section's label ("Why it matters: ..."): where the
    # writer's words begin, after the label.
    label_ends: dict[int, int] = field(default_factory=dict)

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self.paragraph_starts, offset) - 1)

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        return self.paragraphs[self.paragraph_of(offset)]

    def sentence(self, token: Token) -> tuple[int, int]:
        """First and last token of the writer's sentence holding ``token``."""
        return self.sentences[self.sentence_of[token.i]]

    def sentence_at(self, offset: int) -> int:
        """Index of the writer's sentence holding the character at ``offset``."""
        token = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return self.sentence_of[token.start] if token is not None else 0

    def first_word(self, index: int) -> int:
        """Index of the first word of the writer's sentence holding token ``index``."""
        doc = self.doc
        first, last = self.sentences[self.sentence_of[index]]
        while first < last and (
            doc[first].is_space or doc[first].is_punct or doc[first].text in BULLET_CHARS
        ):
            first += 1
        return first


@dataclass(frozen=True, slots=True)
class Attribution:
    """A quote's speaker as resolved: the head word, the entity's name (or None) and the
    speaker words as written with their offsets."""

    token: Token
    name: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SpeakerMemory:
    """What the quotes before this one established: the people named so far, speakers
    included (`Referents`), and the last quote that had a speaker with its paragraph (a quote
    standing alone after it may continue it; None when a quote without one came between)."""

    referents: Referents
    previous: Attribution | None = None
    previous_paragraph: int = -1


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quote being extracted: the quoted (or reported) words and what the steps found.

    ``kind`` is ``direct``, ``partial``, ``indirect`` or ``event`` (someone speaking without a
    reported clause, never served, but a quote after it may continue its speaker); ``tokens``
    the words; ``cue`` the speech verb (or "according"); ``possessor`` a name in the possessive
    right before the marks ("Biden's "minor incursion""); ``memory`` the speaker memory at this
    quote's turn, given by the builder before the speaker rules run.
    """

    quoted: QuotedString
    kind: str
    tokens: Span
    cue: Token | None = None
    possessor: Token | None = None
    memory: SpeakerMemory | None = None


def quote_bounds(context: ArticleContext, quoted: QuotedString) -> tuple[int, int]:
    """Offsets of a quote's words without the whitespace around them."""
    text = context.text[quoted.start : quoted.end]
    start = quoted.start + len(text) - len(text.lstrip())
    return start, start + len(text.strip())


# --------------------------------------------------------------------------------------------
# Building the context


def build_context(
    doc: Doc,
    entities: list[Entity],
    quoted: list[QuotedString],
    article: ParsedArticle | None = None,
) -> ArticleContext:
    """The context of the article parsed as ``doc``, with its ``entities`` and the quoted
    strings `find_quoted_strings` found in it; ``article``, its layout, says where sections'
    labels end."""
    text = doc.text
    lines = paragraphs(text)
    paragraph_starts = [start for start, _ in lines]
    inside = [False] * len(doc)
    for quoted_string in quoted:
        span = doc.char_span(quoted_string.start, quoted_string.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            inside[token.i] = True
    mention_spans: list[tuple[int, int, Entity]] = []
    titles: dict[str, set[str]] = {}
    for entity in entities:
        for mention in entity.mentions:
            mention_spans.append((mention.start, mention.end, entity))
        if entity.type == "PERSON":
            words = set()
            if entity.title:
                words.update(word.lower() for word in re.findall(r"[A-Za-z]+", entity.title))
            titles[entity.name] = words
    mention_spans.sort(key=lambda item: item[0])

    def paragraph_of(offset: int) -> int:
        return max(0, bisect_right(paragraph_starts, offset) - 1)

    sentence_of, sentences = _split_sentences(doc, paragraph_of)
    context = ArticleContext(
        doc=doc,
        text=text,
        paragraphs=lines,
        paragraph_starts=paragraph_starts,
        entities=entities,
        inside=inside,
        mention_spans=mention_spans,
        referents=Referents(),
        titles=titles,
        gender={},
        sentence_of=sentence_of,
        sentences=sentences,
        quoted=quoted,
        prose=[_is_prose(text[start:end]) for start, end in lines],
        caption=[bool(_CAPTION_END.search(text[start:end])) for start, end in lines],
        label_ends={
            paragraph_of(section.blocks[0].start): section.blocks[0].start
            for section in (article.sections if article is not None else ())
            if section.label is not None and section.blocks
        },
    )
    return _with_people(context)


_CAPTION_END = re.compile(
    r"(?:\b\d{1,2}:\d{2}|\((?:[^()]*\b(?:Submitted|Photo|Photograph|Credit|Courtesy|File|"
    r"Getty|Images|Canadian Press|Associated Press|Reuters|AFP|Handout)\b[^()]*)\))\s*$"
)
"""How a caption ends: a video's duration ("... in the opioid crisis. 10:43") or a photo
credit in parentheses ("(Submitted by Wendy Golden)", "(Getty Images)")."""


def _is_prose(paragraph: str) -> bool:
    """Whether a paragraph is running text rather than a headline, a "READ MORE: ..." link or
    a caption: it ends like a sentence, or is long enough to be one."""
    ending = paragraph.rstrip().rstrip(MARKS + "\u2019')")
    return ending.endswith(tuple(SENTENCE_END)) or len(paragraph.split()) >= 20


def _split_sentences(doc: Doc, paragraph_of) -> tuple[list[int], list[tuple[int, int]]]:
    """spaCy's sentences, cut at paragraph ends and mended where the parser split inside one
    (a bullet, a ", he said" cut off): a piece that opens with a lower-case word or a comma,
    or follows one that did not end a sentence, continues the previous piece. Returns the
    sentence index of every token and each sentence's first and last token."""
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
        here = paragraph_of(token.idx)
        new = not sentences or here != paragraph
        if not new and token.is_sent_start and previous_word is not None:
            ended = previous_word.text[-1:] in SENTENCE_END or (
                previous_word.text in MARKS + "\u2019)"
                and previous_word.i > 0
                and doc[previous_word.i - 1].text[-1:] in SENTENCE_END + ","
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
    return sentence_of, [(first, last) for first, last in sentences]


def _with_people(context: ArticleContext) -> ArticleContext:
    """The context with the named mentions of people (and of organisations, for "it" and "the
    company") in order, with their role in the sentence, the role words written around people
    ("Secretary of State Antony Blinken", "Lu, a spokesman") and their gender where the
    article gives it (an honorific, a gendered role noun, their pronouns, else the usual
    gender of their first name)."""
    doc = context.doc
    persons: list[Referent] = []
    organisations: list[Referent] = []
    gender_votes: dict[str, list[int]] = {}
    role_genders: dict[str, set[str]] = {}
    gender = context.gender
    for start, end, entity in context.mention_spans:
        if entity.type not in ("PERSON", "ORG") or not context.text[start:end][:1].isupper():
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or context.inside[span.root.i] or span.root.pos_ == "PRON":
            continue
        root = span.root
        if root.dep_ == "appos" and root.head.ent_type_ == "PERSON" and entity.type == "PERSON":
            continue  # "Jim Eglinski, Yellowhead MP,": a description of the person named
        if root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJECT_DEPS:
            root = root.head
        # A name left as the root of its sentence is one the parser lost the verb of ("Purdy,
        # who lost 16 lbs. ... says": split at "lbs."): what the sentence is about.
        subject = root.dep_ in SUBJECT_DEPS or root.dep_ == "ROOT"
        main = subject and (
            root.dep_ == "ROOT" or root.head.dep_ in ("ROOT", "conj") or is_cue(context, root.head)
        )
        possessive = root.dep_ == "poss" or (span.end < len(doc) and doc[span.end].tag_ == "POS")
        # A name opening its sentence is what the sentence is about even where the parser
        # lost its verb ("Purdy, 73, credits his terrier Chloe ...": not the dog).
        opens = not possessive and span.start == context.first_word(span.start)
        mention = Referent(
            start, end, entity.name, main, subject or opens, root.dep_ == "poss", entity.type
        )
        if entity.type == "ORG":
            organisations.append(mention)
            continue
        persons.append(mention)
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
            role_gender = role_noun_gender(role.lower_)
            if role_gender is not None and not span.start <= role.i < span.end:
                role_genders.setdefault(entity.name, set()).add(role_gender)
        previous = doc[span.start - 1] if span.start > 0 else None
        if previous is not None:
            honorific = speaker_honorific_gender(previous.lower_)
            if honorific is not None:
                gender.setdefault(entity.name, honorific)
        if subject and root.head.i != root.i:
            male, female = pronoun_votes(root, context.inside)
            votes = gender_votes.setdefault(entity.name, [0, 0])
            votes[0] += male
            votes[1] += female
    for name, (male, female) in gender_votes.items():
        if male != female:
            gender.setdefault(name, "m" if male > female else "f")
    for name, genders in role_genders.items():
        if len(genders) == 1:
            gender.setdefault(name, next(iter(genders)))
    # Last, the usual gender of a first name ("Heidi Cruz"): a "she" is never Donald Trump's.
    for person in persons:
        if person.name not in gender and (guessed := person_gender(person.name)) is not None:
            gender[person.name] = guessed
    return replace(context, referents=Referents.of(persons, organisations))
