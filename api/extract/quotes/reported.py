"""Reported speech without quotation marks: ``indirect`` quotes, and speech events.

Every speech verb (`api.extract.lexicon.SPEECH_VERBS`) with a clausal complement outside the
quotation marks gives an ``indirect`` quote ("X said (that) <clause>", "<clause>, X said"), as
does "according to X, <clause>". A speech verb with no reported clause ("Blinken spoke on
CNN") is an ``event``: never served, but a quote standing alone after it continues its speaker.
The speaker of each is its cue's subject (`api.extract.quotes.speakers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.extract.lexicon import BULLET_CHARS, NOT_SPEECH_OBJECTS, OBJECT_VERBS
from api.extract.quotation import MARKS, QuotedString
from api.extract.quotes.context import ArticleContext, Candidate
from api.extract.quotes.cues import attributes_quote, is_cue, is_passive, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def indirect_quotes(context: ArticleContext) -> list[Candidate]:
    """The reported speech and speech events of the article, in token order."""
    found = []
    for token in context.discourse.tokens:
        if token.lower_ == "according" and not context.inside[token.i]:
            candidate = _according_to(context, token)
        elif is_cue(context, token):
            parts = _parenthetical_attribution(context, token)
            if parts:
                found.extend(parts)
                continue
            candidate = _reported_clause(context, token) or _speech_event(context, token)
        else:
            continue
        if candidate is not None:
            found.append(candidate)
    return found


def _parenthetical_attribution(context: ArticleContext, verb: Token) -> list[Candidate]:
    """ "Too often, he says, they get it.": an attribution set off by commas inside the
    sentence it reports. The words before it and the words after it are both reported: two
    quotes, as the attribution cuts the speaker's sentence in two."""
    doc = context.doc
    if verb.dep_ != "parataxis" or is_passive(verb):
        return []
    if not context.prose[context.paragraph_of(verb.idx)]:
        return []
    subject = subject_of(context, verb)
    if subject is None or context.inside[subject.i]:
        return []
    s_first, s_last = _clause_bounds(context, verb)
    lead = min(verb.i, subject.left_edge.i)
    tail = max(verb.i, subject.right_edge.i)
    if any(
        child.i > tail and not _continues_after(context, verb, child, tail)
        for child in verb.children
        if child.dep_ != "punct"
    ):
        return []  # the verb has words of its own after it ("he says of the plan")
    if lead - 1 <= s_first or doc[lead - 1].text != "," or tail + 1 >= s_last:
        return []
    if doc[tail + 1].text != ",":
        return []
    parts = []
    for first, last in ((s_first, lead - 2), (tail + 2, s_last)):
        trimmed = _trim(doc, first, last)
        if trimmed is None:
            return []
        tokens = doc[trimmed[0] : trimmed[1] + 1]
        if any(context.inside[token.i] for token in tokens):
            return []  # a quotation's own attribution: the marks give the quote
        if first > verb.i and _another_speech(context, tokens):
            break  # "..., he says, and she adds that ...": the rest is a speech of its own
        quoted = QuotedString(tokens.start_char, tokens.end_char, None, None)
        parts.append(Candidate(quoted, "indirect", tokens, cue=verb))
    return parts


def _another_speech(context: ArticleContext, words: Span) -> bool:
    """Whether the words after a parenthetical attribution join a speech of their own ("and she
    adds that ..."): a conjunction, then a speech verb with its own subject among the words.
    ("Already, he said, friends had declared that ..." reports what the friends declared.)"""
    if words[0].lower_ not in ("and", "but"):
        return False
    return any(
        is_cue(context, token)
        and any(
            child.dep_ in ("nsubj", "nsubjpass") and words.start <= child.i < words.end
            for child in token.children
        )
        for token in words
    )


def _continues_after(context: ArticleContext, verb: Token, child: Token, tail: int) -> bool:
    """Whether a word the parser hangs on a parenthetical "he says" is the speaker's sentence
    going on after the attribution's closing comma, not the verb's own: a clause ("It is on
    his watch, Scheer said, that the country ...") or the second half of a shared subject's
    verb ("The drugs have few uses, he says, and are meant to be taken short term"), which
    has no subject of its own and is no speech of its own."""
    if child.left_edge.i <= tail + 1:
        return False  # before the comma that closes the attribution
    if child.dep_ == "ccomp":
        return True
    if child.dep_ == "cc":
        return any(c.dep_ == "conj" and c.i > child.i for c in verb.children)
    if child.dep_ == "conj":
        return not is_cue(context, child) and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children
        )
    return False


def _speech_event(context: ArticleContext, verb: Token) -> Candidate | None:
    """Someone speaking without a reported clause ("Nicholson outlined for his colleagues how
    the policy works", "Blinken spoke on CNN"): not a quote, but a quote standing alone in the
    next paragraph continues it."""
    if not context.prose[context.paragraph_of(verb.idx)] or is_passive(verb):
        return None
    subject = subject_of(context, verb)
    if subject is None or subject.lower_ in ("it", "they", "we", "you", "i"):
        return None
    span = context.doc[verb.i : verb.i + 1]
    quoted = QuotedString(verb.idx, verb.idx + len(verb.text), None, None)
    return Candidate(quoted, "event", span, cue=verb)


def _reported_end(context: ArticleContext, complement: Token) -> int:
    """The last token of a reported clause: its right edge, but before a participle of speech
    after a comma (", insisting ...": a quote of its own, `subject_of` says whose)."""
    doc = context.doc
    for child in complement.rights:
        before = child.left_edge.i - 1
        if (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and before > complement.i
            and doc[before].text == ","
            and is_cue(context, child)
        ):
            return before - 1
    return complement.right_edge.i


def _reported_clause(context: ArticleContext, verb: Token) -> Candidate | None:
    """ "X said (that) <clause>" and "<clause>, X said": the clause the speech verb reports."""
    doc = context.doc
    if is_passive(verb) or not context.prose[context.paragraph_of(verb.idx)]:
        return None  # "is said to", "was told he": the subject is not the speaker
    s_first, s_last = _clause_bounds(context, verb)
    subject = subject_of(context, verb)
    complement = next(
        (
            c
            for c in verb.rights
            if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and c.i <= s_last and _finite(c)
        ),
        None,
    )
    if complement is not None and attributes_quote(context, verb, subject):
        return None  # '"...," says the founder of X, which ...': the quote is what was said
    if complement is not None and any(
        child.dep_ == "mark" and child.lower_ in ("if", "whether") for child in complement.children
    ):
        return None  # "asked if the meeting would take place": a question, nobody's claim
    if complement is not None:
        # Skip what stands between the verb and its clause: the subject of an inverted
        # "said X", the hearer of "told X", "on Sunday", "in an interview".
        first = verb.i + 1
        clause_start = complement.left_edge.i
        for child in verb.rights:
            if child.i >= clause_start or child.dep_ == "ccomp":
                break
            if child.dep_ in ("dobj", "dative") and verb.lemma_ not in OBJECT_VERBS:
                break  # "said unemployment ... have": a clause's subject parsed as an object
            if child.dep_ in ("punct", "cc", "conj"):
                break
            first = max(first, child.right_edge.i + 1)
        last = max(_reported_end(context, complement), first)
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
        # The parser ended its sentence at an abbreviation ("he's lost 16 lbs. since ..."),
        # the writer's sentence goes on: so does the clause.
        parsed_end = doc[last].sent.end - 1
        while parsed_end > last and (doc[parsed_end].is_punct or doc[parsed_end].is_space):
            parsed_end -= 1
        if parsed_end == last and s_last > doc[last].sent.end - 1:
            last = s_last
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
        while boundary >= s_first and (doc[boundary].is_space or doc[boundary].text in MARKS):
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
    return Candidate(QuotedString(start, end, None, None), "indirect", tokens, cue=verb)


def _according_to(context: ArticleContext, token: Token) -> Candidate | None:
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
    return Candidate(QuotedString(start, end, None, None), "indirect", tokens, cue=token)


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range without edge punctuation, spaces and quotation marks (inclusive)."""
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if first > last:
        return None
    return first, last


def _clause_bounds(context: ArticleContext, token: Token) -> tuple[int, int]:
    """First and last token index of the sentence holding ``token``, kept to its paragraph and
    after a section's label ("Why it matters: "..." Blinken said" reports no label)."""
    doc = context.doc
    first, last = context.sentence(token)
    label_end = context.label_ends.get(context.paragraph_of(token.idx), -1)
    while first < token.i and (
        doc[first].is_space or doc[first].text in BULLET_CHARS or doc[first].idx < label_end
    ):
        first += 1
    return first, last


def _loose_clause(context: ArticleContext, verb: Token, s_last: int) -> tuple[int, int] | None:
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
    elif objects and objects[0].lemma_.lower() in NOT_SPEECH_OBJECTS:
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


def _cover_quotes(context: ArticleContext, start: int, end: int) -> tuple[int, int]:
    """Extend a reported clause over the quotations it cuts (its trimmed end stops before the
    closing punctuation a quoted fragment holds: would be "released in due course.")."""
    for quoted in context.quoted:
        if quoted.start < end <= quoted.end:
            end = quoted.end
        if quoted.start <= start < quoted.end:
            start = quoted.start
    return start, end


def _all_quoted(context: ArticleContext, tokens: Span) -> bool:
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
