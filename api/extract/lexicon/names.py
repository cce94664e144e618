"""The word lists about names: organisations and other non-persons, places, what a name's
words say (`api.extract.entities.names`), and sports reports (`api.extract.entities.teams`).

Part of `api.extract.lexicon`, which re-exports every list: import them from there.
"""

from __future__ import annotations

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
        "organisation", "organization", "alliance", "league", "caucus", "initiative",
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

#: Words that join the parts of a name and never end one ("Foundation for Individual Rights
#: in Education", "Bank of America"): a name spaCy ended on one runs on past it after those of
#: `NAME_LINKS_RUN_ON`, else stops before it ("Ilhan Omar of", "Sweeney Todd and").
NAME_LINKS_RUN_ON = frozenset({"in", "of", "for", "on", "at"})
NAME_LINKS = NAME_LINKS_RUN_ON | {"and", "the", "to"}

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

#: News organisations spaCy reads as people, places or groups ("As Politico first reported",
#: "Axios" a NORP, "Reuters" a person): their names, without a leading "the", in lower case.
#: Only names that are no common word, place or person's name once "the" is off ("Time",
#: "Vice", "The Sun", "The Hill", "The Atlantic" are not here).
NEWS_OUTLETS = frozenset(
    {
        "politico", "axios", "reuters", "bloomberg", "bloomberg news", "associated press",
        "agence france-presse", "afp", "cnn", "msnbc", "cnbc", "fox news", "npr", "bbc",
        "bbc news", "abc news", "cbs news", "nbc news", "pbs", "c-span", "al jazeera",
        "new york times", "washington post", "wall street journal", "usa today",
        "los angeles times", "financial times", "breitbart", "breitbart news", "buzzfeed",
        "buzzfeed news", "huffpost", "huffington post", "daily beast", "propublica", "newsweek",
        "vox", "mother jones", "guardian", "telegraph", "daily telegraph", "daily mail",
        "sky news", "xinhua", "tass", "ria novosti", "interfax", "yonhap", "kyodo", "haaretz",
        "der spiegel", "le monde", "globe and mail", "toronto star", "national post",
        "canadian press", "cbc news", "ctv news", "global news", "new yorker", "politifact",
        "semafor", "punchbowl news", "daily caller", "washington examiner", "washington times",
        "new york post",
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


# Nouns that say a name is a work's title or a product's name (`api.extract.entities.context`):
# "her graphic novel Angel Catbird", "the cruise ship, Freewinds", "Stardust is a space capsule".
WORK_NOUNS = frozenset(
    {
        "book", "novel", "memoir", "biography", "film", "movie", "documentary", "song", "album",
        "single", "record", "play", "musical", "opera", "poem", "painting", "sculpture", "comic",
        "webcomic", "manga", "anime", "series", "sitcom", "show", "episode", "column", "game",
        "videogame", "podcast", "novella", "trilogy", "sequel", "franchise", "anthem", "hymn",
    }
)  # fmt: skip
PRODUCT_NOUNS = frozenset(
    {
        "ship", "vessel", "yacht", "boat", "ferry", "liner", "submarine", "warship", "carrier",
        "spacecraft", "capsule", "probe", "satellite", "rocket", "shuttle", "telescope", "rover",
        "lander", "aircraft", "airliner", "plane", "jet", "drone", "helicopter", "car", "truck",
        "phone", "smartphone", "console", "software", "app", "browser", "drink", "cocktail",
        "beverage", "drug", "vaccine", "device", "mission",
    }
)  # fmt: skip


# Last words of events' names (`api.extract.entities.names.type_evidence`), before a closing year
# or country: "Northern Arena Esports Championship", "Fan Expo Canada", "Toronto Film Festival".
# Not "Conference" or "Convention", which end organisations' names too.
EVENT_WORDS = frozenset(
    {
        "championship", "championships", "cup", "festival", "expo", "olympics", "paralympics",
        "tournament", "marathon", "regatta", "jamboree", "carnival", "derby", "rally",
    }
)  # fmt: skip

#: The usual short forms of English given names that stand for one formal name only, in lower
#: case, each with it ("Bill Barr" is "William Barr" across the archive). Short forms of two
#: ("Ted": Edward or Theodore; "Steve": Stephen or Steven; "Chris", "Alex", "Sam", "Pat" of
#: either gender) and forms that are given names of their own ("Jack", "Will", "Mitch") are not
#: here: a key made from them would join different people.
FORMAL_GIVEN_NAMES = {
    "bill": "william", "billy": "william", "bob": "robert", "bobby": "robert",
    "jim": "james", "jimmy": "james", "mike": "michael", "joe": "joseph", "tom": "thomas",
    "tommy": "thomas", "chuck": "charles", "charlie": "charles", "dick": "richard",
    "pete": "peter", "dave": "david", "dan": "daniel", "danny": "daniel", "tony": "anthony",
    "andy": "andrew", "matt": "matthew", "nick": "nicholas", "larry": "lawrence",
    "greg": "gregory", "jeff": "jeffrey", "ron": "ronald", "don": "donald", "doug": "douglas",
    "ken": "kenneth", "tim": "timothy", "fred": "frederick", "hank": "henry",
    "liz": "elizabeth", "peggy": "margaret", "maggie": "margaret", "sue": "susan",
    "debbie": "deborah", "becky": "rebecca",
}  # fmt: skip
