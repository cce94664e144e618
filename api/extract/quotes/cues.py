"""Cue verbs: the speech verb (or "according to") that attributes a quote, and its subject.

`find_cue` looks for the cue of a quoted string: the speech verb its words depend on, else one
in the writer's words right after the closing mark ("...," he said) or before the opening one
(He said: "..."), else, for a fragment, an "according to" in its sentence. `subject_of` gives
the speaker words of a cue verb wherever the parser put them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.extract.language import is_speech_verb
from api.extract.lexicon import NAMING_VERBS, SENTENCE_END, SUBJECT_DEPS
from api.extract.quotation import MARKS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from api.extract.quotes.context import ArticleContext, Candidate


def find_cue(context: ArticleContext, candidate: Candidate) -> Token | None:
    """The cue of a direct or partial quote, where the writer gives one. A fragment right after
    a possessive ("Biden's "minor incursion"") has none: the possessor is its speaker."""
    if candidate.possessor is not None and candidate.kind == "partial":
        return None
    cue = cue_governing(context, candidate.tokens)
    if cue is None and candidate.kind == "direct":
        cue = cue_nearby(context, candidate)
    if cue is None and candidate.kind == "partial":
        cue = according_in_sentence(context, candidate.tokens)
    if cue is None and candidate.kind == "partial" and candidate.possessor is None:
        cue = naming_verb(context, candidate.tokens) or attribution_right_after(context, candidate)
    return cue


def is_passive(verb: Token) -> bool:
    """Whether a speech verb is passive ("is said to", "was told"): its subject is no speaker."""
    if any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children):
        return True
    # "had been diagnosed ... and told he had": a participle sharing a passive's auxiliary.
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "conj"
        and not any(child.dep_ in ("nsubj", "aux") for child in verb.children)
        and any(child.dep_ == "auxpass" for child in verb.head.children)
    )


def is_cue(context: ArticleContext, token: Token) -> bool:
    """Whether ``token`` is a speech verb in its speech use, outside quotation marks and not
    negated ("did not say"): `api.extract.language.is_speech_verb`."""
    return is_speech_verb(token, context.inside)


def cue_governing(context: ArticleContext, span: Span) -> Token | None:
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
        if is_cue(context, head):
            return head
        token = head
    return None


def cue_nearby(context: ArticleContext, candidate: Candidate) -> Token | None:
    """A speech verb in the writer's words right after the closing mark ("...," he said) or
    before the opening one (He said: "..."), in the same sentence and paragraph."""
    doc, quoted = context.doc, candidate.quoted
    para = context.paragraphs[context.paragraph_of(quoted.start)]
    span = candidate.tokens
    if quoted.close_mark is not None:
        index = span.end
        _, sentence_last = context.sentence(span[-1])
        while index <= sentence_last and doc[index].idx < para[1]:
            token = doc[index]
            if context.inside[token.i]:
                break
            if is_cue(context, token) or is_according(context, token):
                return token
            if token.text in SENTENCE_END and token.i > span.end + 1:
                break
            index += 1
        following = attribution_after(context, span, sentence_last)
        if following is not None:
            return following
    if quoted.open_mark is not None:
        index = span.start - 1
        sentence_first, _ = context.sentence(span[0])
        while index >= sentence_first and doc[index].idx >= para[0]:
            token = doc[index]
            if context.inside[token.i]:
                break
            if token.text in SENTENCE_END and token.i < span.start - 2:
                break
            if is_cue(context, token):
                return token
            index -= 1
    return None


def naming_verb(context: ArticleContext, span: Span) -> Token | None:
    """The active verb of naming or judging (`NAMING_VERBS`) that a quoted fragment completes,
    when it has a speaker ("O'Rourke called the rally "inspiring."", "what she called a
    "shameless pitch"", "described the system as "bizarre""); not a participle describing a
    thing ("a session called "Why We'll Lose ..."") nor a passive ("was called")."""
    para = context.paragraphs[context.paragraph_of(span.start_char)]
    token = span.root
    for _ in range(4):
        head = token.head
        if head.i == token.i or not para[0] <= head.idx < para[1] or context.inside[head.i]:
            return None
        if span.start <= head.i < span.end:
            token = head
            continue
        if head.pos_ == "VERB" and head.lemma_.lower() in NAMING_VERBS:
            if head.dep_ == "acl" or is_passive(head):
                return None
            if head.tag_ == "VBN" and not any(child.dep_ == "aux" for child in head.children):
                return None
            subject = subject_of(context, head)
            if subject is None or subject.lower_ in ("it", "this", "that"):
                return None
            return head
        if head.pos_ in ("VERB", "AUX"):
            return None  # the fragment belongs to another verb's clause
        token = head
    return None


def attribution_right_after(context: ArticleContext, candidate: Candidate) -> Token | None:
    """ ""very dark moment in American history," Schumer said": a fragment handed over by a
    comma to a speech verb and its speaker right after the closing mark."""
    quoted, span = candidate.quoted, candidate.tokens
    if quoted.close_mark is None:
        return None
    text = context.text
    inner_end = text[quoted.start : quoted.end].rstrip()[-1:]
    after = text[quoted.close_mark + 1 : quoted.close_mark + 3].lstrip()
    if inner_end != "," and not after.startswith(","):
        return None
    cue = cue_nearby(context, candidate)
    if cue is None or cue.i < span.end or cue.i > span.end + 6 or cue.lower_ == "according":
        return None
    return cue


def is_according(context: ArticleContext, token: Token) -> bool:
    """Whether ``token`` is the "according" of an "according to" outside quotation marks."""
    if token.lower_ != "according" or context.inside[token.i]:
        return False
    return token.i + 1 < len(context.doc) and context.doc[token.i + 1].lower_ == "to"


def attribution_after(context: ArticleContext, span: Span, sentence_last: int) -> Token | None:
    """ "...?" Kim said.": the parser often ends the sentence at "?"" or "!"", leaving the
    attribution as a sentence of its own; take it when it reports nothing else."""
    doc = context.doc
    index = sentence_last + 1
    while index < len(doc) and (doc[index].is_space or doc[index].text in MARKS):
        if doc[index].text in MARKS and doc[index].idx > (span.end_char + 1):
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
        if is_cue(context, token):
            if any(child.dep_ == "ccomp" and child.i > token.i for child in token.children):
                return None
            return token
    return None


def according_in_sentence(context: ArticleContext, span: Span) -> Token | None:
    """The "according" of an "according to" in the sentence of ``span``, outside quotes."""
    first, last = context.sentence(span[0])
    for token in context.doc[first : last + 1]:
        if token.lower_ == "according" and not context.inside[token.i]:
            following = context.doc[token.i + 1] if token.i + 1 < len(context.doc) else None
            if following is not None and following.lower_ == "to":
                return token
    return None


def subject_of(context: ArticleContext, verb: Token) -> Token | None:
    """The speaker words of a cue verb: its subject, wherever it stands (in its paragraph)."""
    doc = context.doc
    para = context.paragraph_span(verb.idx)
    for child in verb.children:
        if not para[0] <= child.idx < para[1]:
            continue
        if (
            child.dep_ in SUBJECT_DEPS
            and not context.inside[child.i]
            # A quotation mark the parser took for a subject ("’’ says the founder") is none:
            # the verb's next subject is.
            and any(char.isalpha() for char in child.text)
        ):
            if child.lower_ in ("who", "that") and verb.dep_ == "relcl":
                return relative_antecedent(verb.head) if child.lower_ == "who" else verb.head
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
        # A participle after a gerund clause with its own subject belongs to that clause
        # ("remembers him apologizing, saying ...": he says it), though parsed on the verb
        # before it.
        if verb.tag_ == "VBG" and verb.dep_ == "advcl":
            gerund = next((child for child in verb.head.children
                           if child.dep_ in ("ccomp", "xcomp") and child.tag_ == "VBG"
                           and child.i < verb.i), None)
            own = gerund and next((child for child in gerund.children
                                   if child.dep_ in SUBJECT_DEPS and child.i < gerund.i
                                   and not context.inside[child.i]), None)
            if own is not None:
                return own
            reporter = _reporter_of(context, verb.head)
            if reporter is not None:
                return reporter
        return subject_of(context, verb.head)
    # A participle describing what a person gave or issued ("Bullard gave an interview
    # noting ...", "the ministry issued a statement saying ..."): that person speaks.
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb.head.dep_ == "dobj"
        and verb.head.head.pos_ == "VERB"
        and para[0] <= verb.head.head.idx
    ):
        return subject_of(context, verb.head.head)
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
    inverted_ok = attributes_quote(context, verb, None)
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


def _reporter_of(context: ArticleContext, clause: Token) -> Token | None:
    """The speaker of the speech verb whose reported clause ``clause`` is, when a participle
    after that clause goes on with the speaker's words and the clause's own subject is no
    person ("Premier Blaine Higgs has said the province will stick with its commitment,
    insisting his government won't spend another penny": Higgs insists, not the province)."""
    if clause.dep_ != "ccomp" or not is_cue(context, clause.head):
        return None
    own = next((child for child in clause.children if child.dep_ in SUBJECT_DEPS), None)
    if own is None or own.ent_type_ == "PERSON" or own.pos_ in ("PRON", "PROPN"):
        return None
    return subject_of(context, clause.head)


def relative_antecedent(head: Token) -> Token:
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


def attributes_quote(context: ArticleContext, verb: Token, subject: Token | None) -> bool:
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
        and doc[index].text in MARKS + "\u2019\u2019''"
    )


def verb_subject(context: ArticleContext, candidate: Candidate) -> Token | None:
    """The subject of the quote's speech verb ("X said"); None without a cue or for an
    "according to", which has no subject."""
    cue = candidate.cue
    if cue is None or cue.lower_ == "according":
        return None
    return subject_of(context, cue)
