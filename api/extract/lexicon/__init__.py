"""Every word list the extraction rules consult, in one place.

The entity and quote rules grew their lists separately; they meet here so that a word is added
once and a reader sees every list side by side. Lists that look alike but answer different
questions stay apart, named for their question (each says which one it is):

- `ORG_WORDS` (last words of organisations' names, for names) vs `ORG_NOUNS` (nouns that stand
  for an organisation as a speaker, "the company said") vs `NON_PERSON_HEADS` (nouns that never
  stand for a person, "the report said");
- `ROLE_WORDS` (capitalised roles before a surname, "Mayor Peters") vs `ROLE_NOUN_GENDER` (role
  nouns that give a person's gender, "a spokeswoman");
- `HONORIFICS` is the one honorific table, read by entities and speakers alike.

The lists are kept by domain: speech, quoted strings, people and punctuation here; organisations,
places, names and sports in `api.extract.lexicon.names`, re-exported here, so that every list is
imported from `api.extract.lexicon`.

Nothing here imports spaCy; `api.extract.language` holds the functions that read these tables.
"""

from __future__ import annotations

import re

from api.extract.lexicon.names import (  # noqa: F401 (re-exported)
    AGENCY_WORDS,
    CAPTION_TAIL,
    COUNTRY_ALIASES,
    COUNTRY_SHORT_NAMES,
    EVENT_WORDS,
    FACILITY_PHRASES,
    FACILITY_WORDS,
    FORMAL_GIVEN_NAMES,
    MINOR_WORDS,
    NAME_LINKS,
    NAME_LINKS_RUN_ON,
    NEWS_OUTLETS,
    NON_PERSON_HEADS,
    NON_PERSON_TAILS,
    NOT_FIRST_NAMES,
    ORG_EVIDENCE_WORDS,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_TITLES,
    PLATFORMS,
    PRODUCT_NOUNS,
    SPORT_ROLES,
    SPORT_VERBS,
    SPORT_WORDS,
    TIME_ZONES,
    WORK_NOUNS,
)

# --------------------------------------------------------------------------------------------
# Speech


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


OBJECT_VERBS = frozenset({"tell", "inform", "remind", "warn", "assure", "ask", "advise", "urge"})
"""Speech verbs whose object is the hearer ("told reporters that ..."), not the speech."""


# fmt: off
NOT_SPEECH_OBJECTS = frozenset(
    [
        "something", "anything", "nothing", "everything", "it", "that", "this", "so", "goodbye",
        "hello", "yes", "no", "thanks", "word", "words", "prayer", "much", "little", "lot", "lots",
        "more", "less", "few", "grace", "sorry", "story", "truth", "lie",
    ]
)
# fmt: on
"""Objects of "say" that are no reported clause ("said something", "said goodbye")."""


# fmt: off
DOCUMENT_NOUNS = frozenset(
    [
        "statement", "release", "letter", "email", "e-mail", "memo", "tweet", "post", "note",
        "message", "notice", "filing",
    ]
)
# fmt: on
"""Nouns for a written statement: "A statement from the EU said" is the EU speaking."""


VOICE_NOUNS = frozenset(
    {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "spokesmen", "spokeswomen"}
)
"""Nouns for someone who speaks for an organisation: "a spokesperson for the Home Office said"
is the Home Office speaking (when the article names it)."""

DESCRIPTION_PREPOSITIONS = frozenset({"of", "for", "from", "with", "at"})
"""Prepositions that continue a speaker's description ("a spokesperson for the ministry")."""


# --------------------------------------------------------------------------------------------
# Quoted strings that are not quotes


# fmt: off
SMALL_WORDS = frozenset(
    [
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
        "or", "over", "the", "to", "up", "via", "with", "vs",
    ]
)
# fmt: on
"""Words a Title Case title of a work leaves in lower case ("Attack the Block")."""


# fmt: off
TITLE_CUES = frozenset(
    [
        "show", "program", "programme", "series", "book", "novel", "film", "movie", "album", "song",
        "play", "podcast", "article", "column", "documentary", "episode", "magazine", "newspaper",
        "paper", "report", "titled", "entitled", "headlined", "called", "dubbed", "named",
        "nicknamed",
    ]
)
# fmt: on
"""Words before a quoted Title Case string that make it the title of a work."""


# fmt: off
NAMING_VERBS = frozenset(
    [
        "call", "describe", "deem", "dub", "label", "term", "brand", "characterize",
        "characterise", "praise", "hail", "laud", "slam", "blast", "criticize", "criticise",
        "decry", "denounce", "condemn", "welcome", "dismiss", "mock", "ridicule",
    ]
)
# fmt: on
"""Lemmas of verbs of naming or judging: their quoted complement is the subject's own words
("Pilon called the assumption "bold"", "calling it "reckless"", "praised the "courage"").
They cue a quoted fragment only, never reported speech."""


# fmt: off
MENTION_NOUNS = frozenset(
    [
        "word", "words", "term", "terms", "phrase", "phrases", "expression", "label", "labels",
        "slogan", "slogans", "hashtag", "name", "names", "nickname", "motto", "title", "headline",
        "acronym",
    ]
)
# fmt: on
"""Nouns before a quoted string that make it a word mentioned as a word ("the term ...")."""


# --------------------------------------------------------------------------------------------
# People: pronouns, honorifics, roles


SURNAME_PARTICLES = frozenset(
    ["al", "el", "abu", "ben", "bin", "van", "von", "de", "da", "di", "du", "la", "le", "st"]
)
"""Words that open a surname ("Al Hashish", "Van Tassel", "De Niro"): never a first name,
whatever the first-name tables say of "Al"."""


PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
"""The one table of third-person singular pronouns and their gender, for entities and quotes."""


HONORIFICS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": "", "dr": "", "prof": "", "sir": "m",
    "dame": "f", "lord": "m", "lady": "f", "rev": "",
}  # fmt: skip
"""The one honorific table: the gender each gives ("" says nothing: Dr, Prof, Mx, Rev)."""

HONORIFIC_PATTERN = re.compile(
    r"\b(?:" + "|".join(word.capitalize() for word in HONORIFICS) + r")\b\.?(?=\s+[A-Z])"
)
"""An honorific before a capitalised name ("Ms Jones", "Dr. Diemont")."""

PRONOUN_PATTERN = re.compile(r"\b(?:" + "|".join(PRONOUN_GENDER) + r")\b", re.IGNORECASE)
"""Any of the pronouns of `PRONOUN_GENDER`, as a word."""


# Role nouns written around a name that give the person's gender ("Smith, a spokeswoman").
ROLE_NOUN_GENDER = {
    "spokeswoman": "f", "spokesman": "m", "chairwoman": "f", "chairman": "m",
    "businesswoman": "f", "businessman": "m", "congresswoman": "f", "congressman": "m",
    "councilwoman": "f", "councilman": "m", "policewoman": "f", "policeman": "m",
    "mother": "f", "father": "m", "wife": "f", "husband": "m", "daughter": "f", "son": "m",
    "sister": "f", "brother": "m", "girlfriend": "f", "boyfriend": "m", "grandmother": "f",
    "grandfather": "m", "widow": "f", "widower": "m", "woman": "f", "man": "m", "girl": "f",
    "boy": "m", "actress": "f", "actor": "m", "queen": "f", "king": "m", "aunt": "f",
    "uncle": "m", "mom": "f", "dad": "m", "niece": "f", "nephew": "m",
}  # fmt: skip


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
# Punctuation and the parser's labels


BULLET_CHARS = "\u2022\u00b7*-\u2013\u2014>\u25aa\u25cf "
"""Characters that open a bullet (or pad it)."""


SENTENCE_END = ".?!\u2026"
"""Characters that end a sentence."""


POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
"""The possessive endings, as spaCy splits them off a name."""


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
"""Dependency labels of a subject."""


CONTRAST_PREPOSITIONS = frozenset({"unlike"})
"""Prepositions that set their object apart from the clause's subject ("Unlike Al Mnajer, he
has been unable to find work"): a pronoun after it is not that person."""


FUNCTION_POS = frozenset({"AUX", "ADJ", "ADV", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART"})
"""Parts of speech of function words: a capitalised one opening a sentence is no name."""


KEPT_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
)
"""spaCy labels that name an entity; DATE, TIME, MONEY, CARDINAL... are values, not entities."""
