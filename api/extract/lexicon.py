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

Nothing here imports spaCy; `api.extract.language` holds the functions that read these tables.
"""

from __future__ import annotations

import re

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
# Organisations and other non-persons


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


# fmt: off
ORG_NOUNS = frozenset(
    [
        "company", "firm", "utility", "department", "agency", "ministry", "board", "union",
        "government", "organization", "organisation", "diocese", "school", "university", "office",
        "bank", "party", "group", "team", "club", "council", "commission", "court", "police",
        "regulator", "airline", "retailer", "network", "broadcaster", "corporation", "business",
        "association", "federation", "league",
    ]
)
# fmt: on
"""Nouns that stand for an organisation when it speaks ("The union says"): the speaker is the
nearest organisation named, never a person described by the noun."""


# fmt: off
NON_PERSON_HEADS = frozenset(
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
"""Nouns that never stand for a person ("the report said"): a "the <noun>" speaker with one of
these heads is not resolved to the person the story is about."""


# Agencies in a photo credit that end in one of these words are organisations even on their own
# ("Photo: Getty Images"); a lone credit otherwise names the photographer when it looks like a name.
AGENCY_WORDS = frozenset(
    {"images", "photo", "photos", "pictures", "press", "news", "agency", "visuals", "pool"}
)


# --------------------------------------------------------------------------------------------
# Places


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


# --------------------------------------------------------------------------------------------
# Names: what a name's words say (`api.extract.entities.names`)


# Words a Title Case headline leaves in lower case.
MINOR_WORDS = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "nor", "by",
        "with", "from", "as", "vs", "v", "via", "into", "over", "per", "than", "up", "off",
    }
)  # fmt: skip

# Last words of places that are buildings or sites ("Metro Toronto Convention Centre", "Fisht
# Stadium"): a facility, whatever the statistical label says, unless an "of"/"for" complement
# follows (that is an institution: "Centre for Policy Alternatives").
FACILITY_WORDS = frozenset(
    {
        "airport", "arena", "avenue", "bridge", "building", "castle", "cathedral", "cave",
        "chapel", "coliseum", "colosseum", "dam", "field", "garden",
        "gardens", "hall", "harbour", "harbor", "highway", "manor", "mosque", "motorway",
        "museum", "palace", "park", "plaza", "prison", "road", "square", "stadium", "station",
        "street", "synagogue", "temple", "terminal", "tower", "towers", "tunnel",
    }
)  # fmt: skip

# "Centre" ends institutions' names too ("Pew Research Center"); these two-word endings are
# buildings.
FACILITY_PHRASES = frozenset(
    {
        "convention centre", "convention center", "shopping centre", "shopping center",
        "trade center", "trade centre", "civic center", "civic centre", "community centre",
        "community center", "sports centre", "sports center", "exhibition centre",
        "conference centre", "conference center", "events centre", "event center",
    }
)  # fmt: skip

# Words after which a trailing caption word is furniture, not part of a name.
CAPTION_TAIL = frozenset({"image", "photo", "video", "slideshow", "gallery", "file", "caption"})

# Last words that make a name an organisation's whatever the statistical label ("Sea Org",
# "Orange County Republican Party"); narrower than the words an organisation may end in, since
# "Court", "Office" or "Centre" also end the names of places.
ORG_EVIDENCE_WORDS = frozenset(
    {
        "inc", "corp", "corporation", "ltd", "llc", "plc", "association", "council", "university",
        "ministry", "department", "party", "committee", "commission", "agency", "company",
        "institute", "foundation", "society", "org", "club", "federation", "coalition",
        "organisation", "organization", "alliance", "league", "caucus",
    }
)  # fmt: skip

# First names that open the names of places and things more often than people's names in news:
# titles of rank and words of geography ("King Arthur's Court", "Bay Area").
NOT_FIRST_NAMES = frozenset(
    {"king", "queen", "prince", "princess", "duke", "lord", "lady", "bay", "mount", "saint",
     "santa", "san", "fort", "lake", "glen", "dale", "cliff", "brooklyn", "sierra", "river"}
)  # fmt: skip

# Last words of the names of places, media, events and things that open with a first name
# ("Johnson County", "Denver Post", "Emmy Awards", "Bud Light"): no surname.
NON_PERSON_TAILS = frozenset(
    {
        "county", "city", "town", "village", "beach", "island", "islands", "state", "states",
        "valley", "river", "lake", "bay", "coast", "mountain", "mountains", "hills", "heights",
        "falls", "springs", "parish", "district", "province", "region", "post", "times",
        "journal", "herald", "tribune", "review", "gazette", "daily", "magazine", "radio",
        "television", "tv", "network", "channel", "studios", "pictures", "records", "media",
        "light", "awards", "award", "prize", "act", "bill", "law", "partners", "motors", "bank",
        "fund", "trust", "capital", "holdings", "systems", "labs", "airlines", "express",
        "hospital", "clinic", "school", "college", "academy", "church", "cafe", "restaurant",
        "dinner", "initiative", "decisions", "fed", "catholic", "festival", "cup", "series",
        "championship", "tour", "bowl", "summit", "conference", "forum", "day", "week", "night",
        "games", "center", "centre", "house", "star", "stars", "airfield", "base", "fort",
    }
)  # fmt: skip

# Titles that stand before a person's name only ("President Trump", "Sen. Warren"): a name
# right after one is a person's, whatever the statistical label.
PERSON_TITLES = frozenset(
    {
        "president", "senator", "sen", "governor", "gov", "rep", "representative", "congressman",
        "congresswoman", "mayor", "judge", "justice", "secretary", "minister", "chancellor",
        "ambassador", "sheriff", "pope", "king", "queen", "prince", "princess", "gen", "general",
        "col", "colonel", "lt", "capt", "captain", "sgt", "sergeant", "officer", "detective",
        "professor", "prof", "dr", "mr", "mrs", "ms", "miss", "sir", "dame", "lord", "lady",
        "rev", "reverend", "bishop", "cardinal", "chairman", "chairwoman", "spokesman",
        "spokeswoman", "premier", "councillor", "councilor", "commissioner", "coach",
    }
)  # fmt: skip

# Web platforms, which spaCy's small model often takes for people ("attacked her on Twitter"):
# organisations, and never a pronoun's antecedent.
PLATFORMS = frozenset(
    {
        "twitter", "facebook", "instagram", "youtube", "tiktok", "snapchat", "reddit", "linkedin",
        "whatsapp", "telegram", "wikipedia", "netflix", "spotify", "google", "truth social",
    }
)  # fmt: skip

TIME_ZONES = frozenset(
    {"gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt"}
)

# Sports reports (`api.extract.entities.teams`): words that make a story one, verbs whose subject
# or object is a side ("Sweden defeated South Korea"), and nouns whose possessor is one
# ("Tunisia's goalkeeper"). A country or city in such a role is its team, an organisation.
SPORT_WORDS = frozenset(
    {
        "match", "goal", "goals", "penalty", "scored", "halftime", "half-time", "kick-off",
        "tournament", "league", "championship", "innings", "wicket", "touchdown", "striker",
        "goalkeeper", "midfielder", "defender", "referee", "semifinal", "semi-final",
        "quarterfinal", "quarter-final", "playoff", "playoffs", "fixture", "equaliser",
        "equalizer",
    }
)  # fmt: skip
SPORT_VERBS = frozenset(
    {
        "beat", "defeat", "face", "play", "draw", "lose", "win", "score", "concede", "equalise",
        "equalize", "thrash", "edge", "eliminate", "trail", "outplay", "host", "meet", "tie",
        "substitute", "qualify", "advance",
    }
)  # fmt: skip
SPORT_ROLES = frozenset(
    {
        "coach", "manager", "captain", "goalkeeper", "keeper", "striker", "forward", "defender",
        "midfielder", "player", "players", "squad", "team", "side", "fans", "goal", "goals",
        "victory", "win", "defeat", "lead", "attempt", "equaliser", "equalizer", "penalty",
        "lineup", "line-up", "bench", "supporters",
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
