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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from api.extract.language import Discourse, People, Referents, read_people
from api.extract.lexicon import SENTENCE_END
from api.extract.quotation import MARKS, QuotedString
from api.extract.records import Entity, ParsedArticle

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """The parse of one article as the quote steps read it. Built once by `build_context`."""

    doc: Doc
    text: str
    discourse: Discourse  # the layout the pronoun resolver reads (its fields repeated below)
    people: People  # the people named, their roles and gender (`api.extract.language`)
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
        """Index of the paragraph holding the character at ``offset``."""
        return self.discourse.paragraph_of(offset)

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        return self.paragraphs[self.paragraph_of(offset)]

    def sentence(self, token: Token) -> tuple[int, int]:
        """First and last token of the writer's sentence holding ``token``."""
        return self.sentences[self.sentence_of[token.i]]

    def sentence_at(self, offset: int) -> int:
        """Index of the writer's sentence holding the character at ``offset``."""
        return self.discourse.sentence_at(offset)

    def first_word(self, index: int) -> int:
        """Index of the first word of the writer's sentence holding token ``index``."""
        return self.discourse.first_word(index)


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
    right before the marks ("Biden's "minor incursion""); ``author`` the name signing an
    embedded post (`api.extract.quotes.posts`); ``memory`` the speaker memory at this quote's
    turn, given by the builder before the speaker rules run.
    """

    quoted: QuotedString
    kind: str
    tokens: Span
    cue: Token | None = None
    possessor: Token | None = None
    author: Span | None = None
    memory: SpeakerMemory | None = None


def quote_bounds(context: ArticleContext, quoted: QuotedString) -> tuple[int, int]:
    """Offsets of a quote's words without the whitespace around them."""
    text = context.text[quoted.start : quoted.end]
    start = quoted.start + len(text) - len(text.lstrip())
    return start, start + len(text.strip())


# --------------------------------------------------------------------------------------------
# Building the context


def build_context(
    discourse: Discourse,
    entities: list[Entity],
    article: ParsedArticle | None = None,
) -> ArticleContext:
    """The context of the article whose layout is ``discourse`` (`read_discourse`, built once
    per article and shared with the entity steps), with its ``entities``; ``article``, its
    layout, says where sections' labels end."""
    doc = discourse.doc
    quoted = list(discourse.quoted)
    mention_spans = sorted(
        (
            (mention.start, mention.end, entity)
            for entity in entities
            for mention in entity.mentions
        ),
        key=lambda item: item[0],
    )
    people = read_people(
        discourse,
        [(start, end, entity.name, entity.type) for start, end, entity in mention_spans],
        {entity.name: entity.title for entity in entities if entity.type == "PERSON"},
    )
    text = discourse.text
    return ArticleContext(
        doc=doc,
        text=text,
        discourse=discourse,
        people=people,
        paragraphs=discourse.paragraphs,
        paragraph_starts=discourse.paragraph_starts,
        entities=entities,
        inside=discourse.inside,
        mention_spans=mention_spans,
        referents=people.referents,
        titles=people.titles,
        gender=people.gender,
        sentence_of=discourse.sentence_of,
        sentences=discourse.sentences,
        quoted=quoted,
        prose=[_is_prose(text[start:end]) for start, end in discourse.paragraphs],
        caption=discourse.caption,
        label_ends={
            discourse.paragraph_of(section.blocks[0].start): section.blocks[0].start
            for section in (article.sections if article is not None else ())
            if section.label is not None and section.blocks
        },
    )


def _is_prose(paragraph: str) -> bool:
    """Whether a paragraph is running text rather than a headline, a "READ MORE: ..." link or
    a caption: it ends like a sentence, or is long enough to be one."""
    ending = paragraph.rstrip().rstrip(MARKS + "\u2019')")
    return ending.endswith(tuple(SENTENCE_END)) or len(paragraph.split()) >= 20
