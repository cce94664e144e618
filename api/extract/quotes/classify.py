"""Classifying a quoted string: a direct quote, a partial one, or no quote at all.

Titles of works ("Meet the Press"), words mentioned as words, nicknames and scare quotes (a
quoted modifier: the "open-door" policy) are rejected; a full clause standing on its own or
introduced by a cue (colon, speech verb) is ``direct``; any other fragment is ``partial``, kept
only when something attributes it (a speech verb governing it, "according to", a person's
possessive), since an unattributed fragment is a scare quote.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from api.extract.lexicon import BULLET_CHARS, MENTION_NOUNS, SENTENCE_END, SMALL_WORDS, TITLE_CUES
from api.extract.quotation import MARKS, QuotedString
from api.extract.quotes.context import ArticleContext, Candidate
from api.extract.quotes.cues import cue_governing, naming_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def classify(context: ArticleContext, quoted: QuotedString) -> Candidate | None:
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
    before = _word_before(doc, first.i)
    if before is not None and before.idx < para[0]:
        before = None
    after = _word_after(doc, last.i)
    if after is not None and after.idx >= para[1]:
        after = None
    ends_inside = inner.rstrip("'\u2019\u2018 ")[-1:] in tuple(SENTENCE_END + ",:;\u2014-")
    stripped_after = after_text.lstrip()
    followed_by_punct = stripped_after[:1] in (",", ".", "!", "?", ";", ":", "")

    # Titles of works: title case, short, after a possessive of a broadcaster/publisher or
    # a cue noun/preposition, and not handing over to an attribution (no comma inside), or
    # one of a list of them ("The Kid Who Would Be King," "Attack the Block," and ...).
    in_list = stripped_after[:1] in tuple(MARKS) or stripped_after.startswith(("and ", "or "))
    if len(words) <= 12 and _is_title_case(words) and (not inner.endswith(",") or in_list):
        cue_before = before is not None and (
            before.tag_ == "POS"
            or before.lower_ in TITLE_CUES
            or before.lower_ in ("on", "in", "of", "titled", "entitled", "from", "about")
        )
        if cue_before or (len(words) <= 6 and not ends_inside and not before_text.strip()):
            return None
    # Words mentioned as words and nicknames.
    if (
        before is not None
        and (
            before.lower_ in MENTION_NOUNS
            or before.lower_ in ("called", "dubbed", "nicknamed")
            or before.lower_ in ("so-called", "as")
            and len(words) <= 4
        )
        and len(words) <= 6
        and not (before.lower_ == "as" and naming_verb(context, span) is not None)
    ):
        return None  # but "described the system as "bizarre"" is the describer's word
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
    at_sentence_start = not before_text.strip(BULLET_CHARS + " \t")
    introduced = before_text.rstrip().endswith((":", ",", "\u2014", "--", "\u2013"))
    governed_by_cue = cue_governing(context, span) is not None and clause
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
    return Candidate(quoted, kind, span, possessor=possessor)


def _sentence_before(context: ArticleContext, quoted: QuotedString, para: tuple[int, int]) -> str:
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


def _is_title_case(words: list[str]) -> bool:
    """Whether words are written as a title: every major word capitalised, the first too."""
    major = [word for word in words if word.lower() not in SMALL_WORDS]
    if not major:
        return False
    return all(word[:1].isupper() or not word[:1].isalpha() for word in major) and (
        words[0][:1].isupper()
    )


def _word_before(doc: Doc, index: int) -> Token | None:
    """The token before token ``index``, spaces and quotation marks skipped."""
    index -= 1
    while index >= 0 and (doc[index].is_space or doc[index].text in MARKS):
        index -= 1
    return doc[index] if index >= 0 else None


def _word_after(doc: Doc, index: int) -> Token | None:
    """The token after token ``index``, spaces and quotation marks skipped."""
    index += 1
    while index < len(doc) and (doc[index].is_space or doc[index].text in MARKS):
        index += 1
    return doc[index] if index < len(doc) else None
