"""Names: is this text a name, what do its words say, and what is its identity?

The one place for name logic, pure (text in, answers out; nothing here needs spaCy):

- **forms and identity**: `clean_name` and `fold` give a name's clean and folded forms,
  `country_name` normalises a country's names and aliases through pycountry, and `entity_key` and
  `is_surname_alias` are what the storage layer needs to merge the same entity across articles;
- **is it a name?** spaCy's entity recogniser reads every capitalised run as a possible name, and
  news pages are full of capitalised runs that are not prose: headlines ("Midwest Abandons
  Trump"), subheadings ("Meet Ted"), gallery and video widgets ("Slideshow (3 Images)", "Replay
  More Videos", "Hide caption ... Previous Next"), link lists. A name read in such a line may
  still refer to someone the story names, but it never stands for a new entity on its own.
  `is_gallery_line`, `is_headline_shaped` and `heading_span` say which lines are of that kind,
  `type_evidence` what a name's words say about its type (a first name, an organisation word, a
  facility word), and `name_end` / `person_name_start` where a span stops being a name ("World
  Health Organisation (WHO", "Sweden 1", "Washington D.C. Image", "CNN Brooks").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Container
from functools import lru_cache

from api.extract.language import first_name_gender
from api.extract.lexicon import (
    CAPTION_TAIL,
    COUNTRY_ALIASES,
    COUNTRY_SHORT_NAMES,
    EVENT_WORDS,
    FACILITY_PHRASES,
    FACILITY_WORDS,
    MINOR_WORDS,
    NEWS_OUTLETS,
    NON_PERSON_TAILS,
    NOT_FIRST_NAMES,
    ORG_EVIDENCE_WORDS,
    PLATFORMS,
    ROLE_WORDS,
    TIME_ZONES,
)

LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)

#: The longest name an entity record has, written or folded (a curated name too): its key
#: (type, colon, folded name, a split's suffix) fits the 300 characters a key column holds.
NAME_MAX = 200
#: The longest word of a name: "Wolfeschlegelsteinhausenbergerdorff" has 35 letters; a longer
#: run of characters is a link, a code or a hash, not a word of a name.
NAME_WORD_MAX = 40
#: A web or e-mail address inside a span: a link or a contact, never a name.
_ADDRESS = re.compile(r"://|[^\s@]@[^\s@]+\.[a-z]", re.IGNORECASE)


def can_be_name(text: str) -> bool:
    """Whether ``text`` can name an entity at all: at most `NAME_MAX` characters (written and
    folded), no word over `NAME_WORD_MAX`, no web or e-mail address in it. spaCy tags a pasted
    link ("https://www.reuters.com/article/...") as a person as readily as a name."""
    return (len(text) <= NAME_MAX and len(fold(text)) <= NAME_MAX
            and all(len(word) <= NAME_WORD_MAX for word in text.split())
            and _ADDRESS.search(text) is None)


TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def entity_key(type: str, name: str) -> str:
    """The cross-article identity of an entity: ``entity_key("GPE", "U.S.")`` is
    ``"GPE:united states"``.

    Stable under case, accents, curly apostrophes, a leading "the", spacing and, for places, the
    country's alias ("US", "U.S.", "America" and "United States" share one key).
    """
    if type in ("GPE", "LOC"):
        country = country_name(clean_name(name), allow_codes=True)
        if country is not None:
            return f"GPE:{fold(country)}"
    return f"{type}:{fold(clean_name(name))}"


def is_surname_alias(short: str, full: str) -> bool:
    """Whether the person named ``short`` can be the person named ``full`` ("Blinken", "Antony
    Blinken"): ``short`` is the last word(s) of a longer ``full``, compared without case or accents.

    The storage layer uses it to merge a surname-only person of one article into a full-named one
    of another; it should do so only when exactly one full name qualifies.
    """
    short_words, full_words = fold(short).split(), fold(full).split()
    return 0 < len(short_words) < len(full_words) and full_words[-len(short_words) :] == short_words


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
    """A name without a leading "the", a trailing possessive, or inner line breaks; a name
    written surname first, as lists of authors do ("Austen, Jane"), in its usual order ("Jane
    Austen")."""
    name = LEADING_THE.sub("", " ".join(text.split()))
    name = TRAILING_POSSESSIVE.sub("", name).strip(" ,;:-")
    inverted = INVERTED_NAME.fullmatch(name)
    if inverted is not None and is_first_name(inverted["given"].split()[0]):
        return f"{inverted['given']} {inverted['surname']}"
    return name


# "Austen, Jane", "Macaulay, Thomas Babington": a surname, a comma, one or two given names.
INVERTED_NAME = re.compile(
    r"(?P<surname>[A-Z][\w'’-]+), (?P<given>[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+)?)"
)
# The same at the start of a line or after "and" in a list of authors, before a full stop or
# "and": "Austen, Jane. Pride and Prejudice", "Marx, Karl and Engels, Friedrich. The ...".
INVERTED_NAME_IN_LIST = re.compile(
    r"(?:^|(?<= and ))" + INVERTED_NAME.pattern + r"(?=\. | and [A-Z])", re.MULTILINE
)


def inverted_name_spans(source: str) -> list[tuple[int, int]]:
    """(start, end) of every name written surname first in a list of authors (see
    `INVERTED_NAME_IN_LIST`) whose first given name is a first name."""
    return [
        match.span()
        for match in INVERTED_NAME_IN_LIST.finditer(source)
        if is_first_name(match["given"].split()[0])
    ]


@lru_cache(maxsize=4096)
def country_name(name: str, allow_codes: bool = False) -> str | None:
    """The short name of the country ``name`` names ("U.S." -> "United States", "Russian
    Federation" -> "Russia"), or None. ISO codes ("US", "GBR") count only with ``allow_codes``
    (spaCy said GPE), so that "IT" or "AI" in an organisation's name is not a country."""
    import pycountry

    folded = fold(name)
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


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for keys and comparisons."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = LEADING_THE.sub("", text.strip())
    return " ".join(text.casefold().split())


def person_name(names: list[str]) -> str | None:
    """A person's canonical name among the names used for them: the longest (most words), then
    the most used, then one not in capitals (transcripts print "AILSA CHANG"), then the first."""
    if not names:
        return None
    counts = Counter(names)
    return max(names, key=lambda n: (len(n.split()), counts[n], not n.isupper()))


# Widgets and gallery furniture of scraped pages: lines made of these are never prose.
GALLERY_LINE = re.compile(
    r"""^(?:
        (?:slide\s?show|gallery|photos?|images?|videos?)\b.{0,40}$   # "Slideshow (3 Images)"
      | hide\s+caption\b                                            # NPR galleries
      | (?:just\s+watched|must\s+watch)\b                           # CNN video widgets
      | (?:click|tap)\s+(?:here|to)\b
      | (?:read|see|watch)\s+(?:more|also|next)\b
      | (?:related|more|recommended|trending)(?:\s+\w+){0,2}\s*:
      | (?:share|follow|sign\s+up|subscribe|advertisement)\b.{0,60}$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
GALLERY_WORDS = re.compile(
    r"\b(?:Previous\s+Next|Replay\s+More\s+Videos|View\s+slideshow|\d+\s+of\s+\d+\s+i\b"
    r"|\(\d+\s+(?:Images|Photos|Videos)\))",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]\s*$")
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
HEADLINE_MAX_WORDS = 16

# An internal sentence break: a period after a word (not an abbreviation), then a capital.
INNER_SENTENCE_BREAK = re.compile(r"\b[A-Za-z][a-z]{3,}\.\s+[A-Z]")


def is_gallery_line(line: str) -> bool:
    """Whether ``line`` is gallery, video or link furniture rather than prose: "Slideshow (3
    Images)", "Hide caption ... Previous Next Andy Manis/Getty Images", "JUST WATCHED ...
    Replay More Videos", "Related: ...", "Click here to ..."."""
    line = line.strip()
    return bool(line) and (bool(GALLERY_LINE.match(line)) or bool(GALLERY_WORDS.search(line)))


def is_headline_shaped(line: str) -> bool:
    """Whether ``line`` reads as a headline or heading rather than a sentence of prose: it does
    not end like a sentence, has at most `HEADLINE_MAX_WORDS` words, and is in capitals ("TRUMP
    VS CALIFORNIA") or in Title Case (every word but the minor ones capitalised: "Midwest Abandons
    Trump", "Meet Ted", "Sweet Caroline", a lone "Manhunt"). A line with a sentence break inside
    ("Austen, Jane. Pride and Prejudice") is a list entry, not a heading."""
    line = line.strip()
    if not line or SENTENCE_END.search(line) or INNER_SENTENCE_BREAK.search(line):
        return False
    words = WORD.findall(line)
    if not words or len(words) > HEADLINE_MAX_WORDS:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return True
    major = [w for w in words if w.lower() not in MINOR_WORDS]
    return bool(major) and all(w[0].isupper() for w in major)


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name with a usual gender ("Dean", "Heidi"; not "Trump")."""
    return first_name_gender(word) is not None


def is_news_outlet(name: str) -> bool:
    """Whether ``name`` (a clean name: no leading "the") is a news organisation's
    (`NEWS_OUTLETS`), whatever spaCy labelled it."""
    return name.lower() in NEWS_OUTLETS


def type_evidence(name: str) -> str | None:
    """What the words of a name say about its type, or None when they say nothing.

    - "ORG": the last word, or the last before an "of", is an organisation word
      (`ORG_EVIDENCE_WORDS`: "Sea Org", "Orange County Republican Party", "Council of Europe");
    - "EVENT": the last word, or the one before a closing year or country, is an event word
      (`EVENT_WORDS`: "Northern Arena Esports Championship", "Fan Expo Canada");
    - "FAC": the last word is a facility word and no "of"/"for" complement makes it an
      institution ("Metro Toronto Convention Centre", "Century City Towers");
    - "PERSON": two or three capitalised words of which the first is a first name and the last
      no initial and no word that ends other names (`NON_PERSON_TAILS`: "Johnson County",
      "Denver Post"): "Dean Kamen", "Thibaut Courtois".
    - "ORG" too for a web platform or a news organisation (`PLATFORMS`: "Twitter", "YouTube";
      `NEWS_OUTLETS`: "Politico", "Axios").
    Another lone word says nothing: "Apollo", "Genesis" and "Brooklyn" are first names too.
    """
    if is_news_outlet(name) or name.lower() in PLATFORMS:
        return "ORG"
    words = name.replace("’", "'").split()
    if len(words) < 2:
        return None
    lasts = {words[-1]} | ({words[words.index("of") - 1]} if "of" in words[1:] else set())
    if any(w.lower().strip(".,") in ORG_EVIDENCE_WORDS for w in lasts):
        return "ORG"
    # "Northern Arena Esports Championship", "Fan Expo Canada", "Toronto Film Festival 2016".
    event_word = words[-1].lower()
    if words[-1].isdigit() or country_name(words[-1]) is not None:
        event_word = words[-2].lower()
    if event_word in EVENT_WORDS:
        return "EVENT"
    facility = (
        words[-1].lower() in FACILITY_WORDS or " ".join(words[-2:]).lower() in FACILITY_PHRASES
    )
    if facility and "of" not in words and "for" not in words:
        return "FAC"
    person_shaped = (
        len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not any(w.endswith("'s") for w in words[:-1])  # "King Arthur's Court"
        and words[0].lower() not in NOT_FIRST_NAMES
        and words[-1].lower().strip(".,") not in NON_PERSON_TAILS
    )
    if person_shaped and len(words[-1].strip(".")) > 1 and is_first_name(words[0]):
        return "PERSON"
    return None


SCORE_AFTER = re.compile(r"^\s?[-–—]\s?\d")
#: A punctuation mark of Unicode's General Punctuation block (U+2000-U+203F: dashes, curly
#: quotes and apostrophes) whose UTF-8 bytes were decoded as Latin-1 or Windows-1252: "â" and
#: the byte 0x80 (or "€", its Windows-1252 reading).
MOJIBAKE = re.compile("â[\x80€]")


def name_end(text: str, after: str = "") -> int:
    """Where the name at the start of ``text`` ends: before an opening parenthesis ("World
    Health Organisation (WHO"), before a trailing caption word ("Washington D.C. Image", "Getty
    Images Image"), and before the first number of a score when ``after`` (the source right after
    ``text``) goes on with the rest of it ("Sweden 1" of "Sweden 1–0"; "Nord Stream 2" stays);
    ``len(text)`` when the whole text is the name; and before a punctuation mark's bytes read
    in the wrong encoding ("Trumpâ\x80\x99s", "Trump â\x80\x93": `MOJIBAKE`), where a page was
    decoded twice. Else the result never cuts the first word."""
    score = bool(SCORE_AFTER.match(after))
    end = len(text)
    paren = text.find("(")
    if paren > 0:
        end = paren
    garbled = MOJIBAKE.search(text)
    if garbled is not None and garbled.start() > 0:
        end = min(end, garbled.start())
    while True:
        kept = text[:end].rstrip(" ,;:-")
        words = kept.split()
        if len(words) < 2:
            return len(kept) if words else end
        last = words[-1]
        if (score and last.isdigit()) or last.lower() in CAPTION_TAIL:
            score = False
            end = kept.rfind(last)
            continue
        return len(kept)


def is_time_zone(text: str) -> bool:
    """Whether ``text`` is a time zone's abbreviation ("GMT", "EDT"), which names no entity."""
    return text.strip(".").lower() in TIME_ZONES and text.isupper()


def has_inner_capital(word: str) -> bool:
    """Whether ``word`` is written like a product or a site ("YouTube", "eHow", "NY1",
    "gawker.com") rather than a place: an inner capital after a lower-case letter, a digit, or a
    web address."""
    return bool(re.search(r"[a-z][A-Z]|\d|\.(?:com|org|net)\b|^https?:", word))


#: Three lower-case letters before a capital: where two words may have been run together.
GLUED = re.compile(r"[a-z]{3}(?=[A-Z])")


def is_glued(word: str, words: Container[str]) -> bool:
    """Whether ``word`` is two words run together, as link lists pasted into prose leave them
    ("TrumpGOP", "McCabeThe" of "Andrew George McCabeThe curious timeline ..."): three
    lower-case letters, then a capital, and both halves words the article writes on their own
    (``words``), or the second a title ("GrassleySpeaker" of "Charles (Chuck) Ernest
    GrassleySpeaker Pelosi, it's time ..."). A name's own inner capital comes after a short
    prefix ("McConnell", "MacArthur", "DeSantis"), and a typo's ("Mark GarthWaite") halves are
    no words of the article."""
    return any(
        word[: match.end()] in words
        and (word[match.end() :] in words or word[match.end() :].lower() in ROLE_WORDS)
        for match in GLUED.finditer(word)
    )


#: A spaced dash or a colon inside a span: a headline's words before it ("TAKES NEXT STEPS ON
#: CAMPAIGN ROLLOUT - Hillary Clinton", "Money: Trump"), the name after it.
HEADLINE_BREAK = re.compile(r"\s[-–—]\s+|:\s+")
#: A possessive inside a span: the person is the one after it, the owner an organisation or a
#: place ("Houston Methodist’s Boom said": Dr. Marc Boom, its CEO).
INNER_POSSESSIVE = re.compile(r"\w['’]s\s+")


def person_name_start(text: str) -> int:
    """Where a person's name starts in ``text``: after a leading word in capitals that the rest
    of the name is not written in ("CNN Brooks" of "told CNN Brooks", "AG Barr", "PM Theresa
    May"), which is an organisation or a role, or after an organisation word ("Council Enver
    Solomon" of "Refugee Council Enver Solomon"), or after a spaced dash, a colon or a
    possessive ("ROLLOUT - Hillary Clinton", "Money: Trump", "Houston Methodist’s Boom"); 0
    otherwise ("AILSA CHANG" is a transcript's)."""
    breaks = list(HEADLINE_BREAK.finditer(text)) + list(INNER_POSSESSIVE.finditer(text))
    breaks.sort(key=lambda match: match.end())
    if breaks and text[breaks[-1].end() :][:1].isupper():
        return breaks[-1].end()
    words = text.split()
    if len(words) < 2:
        return 0
    first = words[0]
    if len(words) > 2 and first.lower() in ORG_EVIDENCE_WORDS:
        return text.index(words[1], len(first))
    letters = first.replace(".", "")
    acronym = len(letters) >= 2 and letters.isalpha() and letters.isupper() and "." not in first
    if acronym and not all(w.replace(".", "").isupper() for w in words[1:]):
        return text.index(words[1], len(first))
    return 0


# A word of prose, not of a web address ("www.quantcast.com", "podiobooks.com", "@name").
LOWER_WORD = re.compile(r"(?<![\w'’./@-])[a-z][a-z]+(?![\w'’@/-]|\.\w)")


def lower_case_words(source: str) -> set[str]:
    """The words ``source`` writes in lower case: a capitalised word among them that opens a
    sentence is a common word capitalised by its position ("Iodine released from ..."), not a
    name."""
    return set(LOWER_WORD.findall(source))


def is_common_word_name(text: str, lower_words: set[str], name_words: set[str]) -> bool:
    """Whether a one-word name is a common word the article capitalises somewhere (a headline, a
    sentence's start, emphasis: "If Iodine deficiency is serious", "Volunteer organization
    ..."): the article also writes the word in lower case (``lower_words``) and no longer name
    of a person holds it (``name_words``, folded: "Santorum" of "Rick Santorum" stays a name
    though the article writes "santorum" too; "Iodine" of an organisation's name does not). A
    word in capitals ("WHO" beside "who"), a country ("Turkey") and a word with an inner
    capital are names whatever else the article writes."""
    word = clean_name(text)
    if " " in word or not word[:1].isupper() or not word[1:].islower() or not word.isalpha():
        return False
    return (
        word.lower() in lower_words
        and fold(word) not in name_words
        and country_name(word) is None
    )


SHARED_HEAD = re.compile(r"^(\w+) and (\w+) (\w.*)$")


def joins_two_names(text: str, names: set[str]) -> bool:
    """Whether ``text`` names two entities at once by their shared head, one of which the
    article names on its own: "North and South Korea" beside "North Korea" (``names`` folded)."""
    match = SHARED_HEAD.match(clean_name(text))
    if match is None or not all(part[:1].isupper() for part in match.groups()):
        return False
    first, second, head = match.groups()
    return fold(f"{first} {head}") in names or fold(f"{second} {head}") in names


LAST_SENTENCE = re.compile(r"(?:^|(?<=[.!?])\s+)(?=[A-Z])[^.!?]*$")


def heading_span(line: str) -> tuple[int, int] | None:
    """The part of ``line`` that is a heading, as (start, end) offsets into it, or None: the
    whole line when it is shaped like a headline (`is_headline_shaped`), or a Title Case last
    sentence that a colon may end, as live blogs write them ("Update at 9:12 p.m. ET. In Exit
    Polls, Obama Maintains Big Lead:")."""
    if is_headline_shaped(line):
        return 0, len(line)
    stripped = line.rstrip()
    if not stripped.endswith(":"):
        return None
    match = LAST_SENTENCE.search(stripped[:-1])
    if match is None or match.start() == 0:
        return None
    heading = match.group().lstrip()
    if is_headline_shaped(heading) and len(WORD.findall(heading)) > 1:
        return len(stripped) - 1 - len(heading), len(stripped)
    return None
