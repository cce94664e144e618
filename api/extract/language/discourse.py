"""The layout of one article as the resolvers read it: paragraphs, the writer's sentences
(spaCy's, mended), the tokens inside quotation marks, captions; and whether a token is a speech
verb in its speech use."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from api.extract.lexicon import BULLET_CHARS, SENTENCE_END, SPEECH_VERBS
from api.extract.quotation import MARKS, QuotedString, find_quoted_strings, paragraphs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# --------------------------------------------------------------------------------------------
# The article's layout: paragraphs, the writer's sentences, quotations, captions


@dataclass(frozen=True, slots=True)
class Discourse:
    """The layout of one parsed article as the resolvers read it. Built once per article by
    `read_discourse` (the pipeline passes the one value to the entity and the quote steps)."""

    doc: Doc
    tokens: list[Token]  # the doc's tokens, made once: each ``doc[i]`` makes a new object
    text: str
    quoted: tuple[QuotedString, ...]  # the quoted strings, in source order
    paragraphs: list[tuple[int, int]]
    paragraph_starts: list[int]
    inside: list[bool]  # per token: inside quotation marks
    sentence_of: list[int]  # per token: writer sentence index
    sentences: list[tuple[int, int]]  # first, last token
    caption: list[bool]  # per paragraph: a photo/video caption

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding the character at ``offset``."""
        return max(0, bisect_right(self.paragraph_starts, offset) - 1)

    def sentence_at(self, offset: int) -> int:
        """Index of the writer's sentence holding the character at ``offset``."""
        token = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return self.sentence_of[token.start] if token is not None else 0

    def first_word(self, index: int) -> int:
        """Index of the first word of the writer's sentence holding token ``index``."""
        tokens = self.tokens
        first, last = self.sentences[self.sentence_of[index]]
        while first < last and (
            tokens[first].is_space or tokens[first].is_punct or tokens[first].text in BULLET_CHARS
        ):
            first += 1
        return first


CAPTION_END = re.compile(
    r"(?:\b\d{1,2}:\d{2}|\((?:[^()]*\b(?:Submitted|Photo|Photograph|Credit|Courtesy|File|"
    r"Getty|Images|Canadian Press|Associated Press|Reuters|AFP|Handout)\b[^()]*)\))\s*$"
)
"""How a caption ends: a video's duration ("... in the opioid crisis. 10:43") or a photo
credit in parentheses ("(Submitted by Wendy Golden)", "(Getty Images)")."""


def read_discourse(doc: Doc, quoted: Sequence[QuotedString] | None = None) -> Discourse:
    """The layout of the article parsed as ``doc``: its paragraphs (the lines of the source),
    the writer's sentences, its quoted strings (``quoted``, else `find_quoted_strings` of the
    text) and the tokens inside them, and the paragraphs that are captions (`CAPTION_END`)."""
    text = doc.text
    tokens = list(doc)
    if quoted is None:
        quoted = find_quoted_strings(text)
    lines = paragraphs(text)
    paragraph_starts = [start for start, _ in lines]
    inside = [False] * len(doc)
    for quoted_string in quoted:
        span = doc.char_span(quoted_string.start, quoted_string.end, alignment_mode="expand")
        if span is None:
            continue
        inside[span.start : span.end] = [True] * len(span)

    def paragraph_of(offset: int) -> int:
        return max(0, bisect_right(paragraph_starts, offset) - 1)

    sentence_of, sentences = _split_sentences(tokens, paragraph_of)
    return Discourse(
        doc=doc,
        tokens=tokens,
        text=text,
        quoted=tuple(quoted),
        paragraphs=lines,
        paragraph_starts=paragraph_starts,
        inside=inside,
        sentence_of=sentence_of,
        sentences=sentences,
        caption=[bool(CAPTION_END.search(text[start:end])) for start, end in lines],
    )


def _split_sentences(
    tokens: list[Token], paragraph_of: Callable[[int], int]
) -> tuple[list[int], list[tuple[int, int]]]:
    """spaCy's sentences, cut at paragraph ends and mended where the parser split inside one
    (a bullet, a ", he said" cut off): a piece that opens with a lower-case word or a comma,
    or follows one that did not end a sentence, continues the previous piece. Returns the
    sentence index of every token and each sentence's first and last token."""
    sentence_of = [0] * len(tokens)
    sentences: list[list[int]] = []
    paragraph = -1
    previous_word: Token | None = None
    for token in tokens:
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
                and tokens[previous_word.i - 1].text[-1:] in SENTENCE_END + ","
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


def is_speech_verb(token: Token, inside: list[bool]) -> bool:
    """Whether ``token`` is a speech verb in its speech use, outside quotation marks (``inside``
    per token) and not negated ("did not say")."""
    if inside[token.i] or token.pos_ not in ("VERB", "AUX"):
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
