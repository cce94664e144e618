"""Quote extraction: pairing of quotation marks, classification, reported speech, speakers.

The tables give the people of each text by hand (`people`), with their name mentions only, so
that what is tested here is the attribution itself (cue verbs, pronouns, role nouns,
inheritance), not the entity resolver; the seed test runs the real pipeline end to end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.extract.entities import extract_entities
from api.extract.nlp import load_nlp
from api.extract.parse import parse_article
from api.extract.quotes import extract_quotes, find_quoted_strings
from api.extract.records import Entity, Image, Mention, ParsedArticle, Quote, Section

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7725c3ec8c610cf1.txt"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


def people(text: str, **names: list[str]) -> list[Entity]:
    """Entities for ``text``: canonical name (underscores for spaces) -> the forms it appears
    under; every occurrence of a form becomes a mention. Names starting ``ORG_`` are
    organisations."""
    entities = []
    for key, forms in names.items():
        kind = "ORG" if key.startswith("ORG_") else "PERSON"
        name = key.removeprefix("ORG_").replace("_", " ")
        entity = Entity(name=name, type=kind, aliases=forms)
        for form in forms:
            for match in re.finditer(rf"\b{re.escape(form)}\b", text):
                entity.mentions.append(Mention(match.start(), match.end(), form))
        entity.mentions.sort(key=lambda mention: mention.start)
        entities.append(entity)
    return entities


def plain_article(text: str) -> ParsedArticle:
    """A wire story: one unlabelled section covering the text."""
    return ParsedArticle(
        source=text,
        headline=None,
        published=None,
        category=None,
        image=Image(),
        lead=None,
        sections=[Section(label=None, slug=None, start=0, end=len(text))],
    )


def quotes_of(nlp, text: str, entities: list[Entity], indirect: bool = False) -> list[Quote]:
    return extract_quotes(nlp(text), plain_article(text), entities, indirect=indirect)


def summary(quotes: list[Quote]) -> list[tuple[str, str, str | None, str | None]]:
    return [(q.text, q.kind, q.speaker, q.cue) for q in quotes]


# --------------------------------------------------------------------------------------------
# Pairing quotation marks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("He said \u201cyes\u201d and \u201cno\u201d.", ["yes", "no"]),
        # nested: single marks inside double ones, and doubled straight marks
        (
            "\u201cShe said \u2018never\u2019 twice,\u201d he said.",
            ["She said \u2018never\u2019 twice,"],
        ),
        ('"He called it "a disaster" today," she said.', ['He called it "a disaster" today,']),
        # a quote left open at a paragraph's end runs to that end; the next paragraph reopens
        ('"We build.\n\n"And finish it," he said.', ["We build.", "And finish it,"]),
        # an unbalanced paragraph does not shift the pairing of the next one
        ('He said "this is broken.\n\nThen "fine" came.', ["this is broken.", "fine"]),
        # a closing mark with no opening one closes a quote begun at the paragraph's start
        ('Begun before\n\nthe end," he said. Then "new" words.', ["the end,", "new"]),
        ("No marks here.", []),
        ('"', []),
        ('""', []),
    ],
)
def test_quotation_marks_pair_within_paragraphs(text, expected):
    assert [text[q.start : q.end] for q in find_quoted_strings(text)] == expected


# --------------------------------------------------------------------------------------------
# Direct and partial quotes with their speakers

BLINKEN = {"Antony_Blinken": ["Antony Blinken", "Blinken"]}

CASES = [
    pytest.param(
        "\u201cWe are ready to talk,\u201d Blinken said on Sunday.",
        BLINKEN,
        [("We are ready to talk,", "direct", "Antony Blinken", "said")],
        id="curly-marks-cue-after",
    ),
    pytest.param(
        '"We are ready to talk," Blinken said on Sunday.',
        BLINKEN,
        [("We are ready to talk,", "direct", "Antony Blinken", "said")],
        id="straight-marks",
    ),
    pytest.param(
        '"We are ready to talk," said Antony Blinken.',
        BLINKEN,
        [("We are ready to talk,", "direct", "Antony Blinken", "said")],
        id="inverted",
    ),
    pytest.param(
        'Blinken warned: "Russia is seeking a sphere of influence."',
        BLINKEN,
        [("Russia is seeking a sphere of influence.", "direct", "Antony Blinken", "warned")],
        id="cue-and-colon",
    ),
    pytest.param(
        'Antony Blinken visited Kyiv.\n\nBlinken: "We stand with Ukraine."',
        BLINKEN,
        [("We stand with Ukraine.", "direct", "Antony Blinken", None)],
        id="name-colon",
    ),
    pytest.param(
        "Blinken told CNN \"as we're doing it, we're building up our defense.\"",
        BLINKEN,
        [("as we're doing it, we're building up our defense.", "direct", "Antony Blinken", "told")],
        id="told-outlet",
    ),
    pytest.param(
        '"The talks failed completely," according to Antony Blinken.',
        BLINKEN,
        [("The talks failed completely,", "direct", "Antony Blinken", "according to")],
        id="according-to-after-quote",
    ),
    pytest.param(
        'The secretary said the U.S. will not compromise "by one iota" on that.\n\n'
        "Earlier, Secretary of State Antony Blinken met his counterpart.",
        BLINKEN,
        [("by one iota", "partial", None, "said")],
        id="role-noun-with-nobody-before-is-none",
    ),
    pytest.param(
        "Secretary of State Antony Blinken met his counterpart.\n\n"
        'The secretary said the U.S. will not compromise "by one iota" on that.',
        BLINKEN,
        [("by one iota", "partial", "Antony Blinken", "said")],
        id="role-noun-through-title",
    ),
    pytest.param(
        "Jane Doe met Antony Blinken in Geneva. She said she was pleased.\n\n"
        '"It went well," she said.',
        {"Jane_Doe": ["Jane Doe"], **BLINKEN},
        [("It went well,", "direct", "Jane Doe", "said")],
        id="pronoun-nearest-subject-of-that-gender",
    ),
    pytest.param(
        "Antony Blinken met Jane Doe in Geneva. He said he was pleased.\n\n"
        '"It went well," he said.',
        {"Jane_Doe": ["Jane Doe"], **BLINKEN},
        [("It went well,", "direct", "Antony Blinken", "said")],
        id="pronoun-main-subject",
    ),
    pytest.param(
        'Days after President Biden\'s "minor incursion" gaffe, Kyiv was alarmed.',
        {"Joe_Biden": ["Biden"]},
        [("minor incursion", "partial", "Joe Biden", None)],
        id="possessive",
    ),
    pytest.param(
        '"We will win," Blinken said.\n\n"And we will win again."',
        BLINKEN,
        [
            ("We will win,", "direct", "Antony Blinken", "said"),
            ("And we will win again.", "direct", "Antony Blinken", None),
        ],
        id="next-paragraph-inherits",
    ),
    pytest.param(
        '"We will win," Blinken said. "Again and again."',
        BLINKEN,
        [
            ("We will win,", "direct", "Antony Blinken", "said"),
            ("Again and again.", "direct", "Antony Blinken", None),
        ],
        id="same-paragraph-inherits",
    ),
    pytest.param(
        'Blinken said the talks had failed.\n\n  \u2022 "We tried everything."',
        BLINKEN,
        [("We tried everything.", "direct", "Antony Blinken", None)],
        id="bullet-inherits-from-reported-speech",
    ),
    pytest.param(
        'Blinken wrote on Twitter:\n\n"We will not back down."',
        BLINKEN,
        [("We will not back down.", "direct", "Antony Blinken", None)],
        id="colon-ends-previous-paragraph",
    ),
    pytest.param(
        'And Blinken\'s sharpest line: "Diplomacy is not weakness."',
        BLINKEN,
        [("Diplomacy is not weakness.", "direct", "Antony Blinken", None)],
        id="possessive-before-colon",
    ),
    pytest.param(
        '"Will they invade? Nobody knows!" Blinken said.',
        BLINKEN,
        [("Will they invade? Nobody knows!", "direct", "Antony Blinken", "said")],
        id="question-then-attribution-sentence",
    ),
    pytest.param(
        "His lawyer, Zhang Dongshuo, said ''the appeal will be filed.''",
        {"Zhang_Dongshuo": ["Zhang Dongshuo"]},
        [("the appeal will be filed.", "direct", "Zhang Dongshuo", "said")],
        id="apposed-name-and-doubled-single-marks",
    ),
    pytest.param(
        "BC Hydro said power was back.\n\n"
        '"Crews worked all night to restore it," the utility said. "We thank everyone," it said.',
        {"ORG_BC_Hydro": ["BC Hydro"]},
        [
            ("Crews worked all night to restore it,", "direct", "BC Hydro", "said"),
            ("We thank everyone,", "direct", "BC Hydro", "said"),
        ],
        id="organisation-role-noun-and-it",
    ),
    pytest.param(
        '"We will win."\n\nThe match starts on Sunday.',
        BLINKEN,
        [("We will win.", "direct", None, None)],
        id="unattributed-is-none",
    ),
    pytest.param(
        'He appeared on NBC\'s "Meet the Press." The alliance\'s "open-door" policy holds, '
        'and Dwayne "The Rock" Johnson agreed.',
        BLINKEN,
        [],
        id="title-scare-quote-nickname",
    ),
    pytest.param(
        'The so-called "reform" passed, and the "experts" cheered.',
        BLINKEN,
        [],
        id="unattributed-fragments-are-scare-quotes",
    ),
    pytest.param(
        'Blinken said "this is broken.\n\n"Later words," Blinken said.',
        BLINKEN,
        [
            ("this is broken.", "direct", "Antony Blinken", "said"),
            ("Later words,", "direct", "Antony Blinken", "said"),
        ],
        id="unbalanced-paragraph-then-paired",
    ),
    pytest.param(
        "Blinken said Russia had made its choice.\n\n"
        "\u201cWe will build it.\n\n"
        "\u201cAnd we will finish it,\u201d he added.",
        BLINKEN,
        [
            ("We will build it.", "direct", "Antony Blinken", None),
            ("And we will finish it,", "direct", "Antony Blinken", "added"),
        ],
        id="quote-continued-over-paragraphs",
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), CASES)
def test_quotes_and_speakers(nlp, text, names, expected):
    assert summary(quotes_of(nlp, text, people(text, **names))) == expected


def test_offsets_and_speaker_as_written(nlp):
    text = 'Secretary of State Antony Blinken arrived.\n\n"We are ready," the secretary said.'
    [quote] = quotes_of(nlp, text, people(text, **BLINKEN))
    assert text[quote.start : quote.end] == quote.text == "We are ready,"
    assert quote.speaker_text == "the secretary"
    assert text[quote.speaker_start : quote.speaker_end] == "the secretary"
    assert quote.section is None


def test_unknown_speaker_keeps_words_as_written(nlp):
    text = '"Prices will rise," officials said.'
    [quote] = quotes_of(nlp, text, [])
    assert (quote.speaker, quote.speaker_text, quote.cue) == (None, "officials", "said")


def test_section_slug(nlp):
    text = 'Why it matters: Blinken said the U.S. will not compromise "by one iota."'
    article = plain_article(text)
    article.sections = [
        Section(label="Why it matters", slug="why-it-matters", start=0, end=len(text))
    ]
    [quote] = extract_quotes(nlp(text), article, people(text, **BLINKEN))
    assert (quote.text, quote.section) == ("by one iota.", "why-it-matters")


# --------------------------------------------------------------------------------------------
# Reported speech


INDIRECT = [
    pytest.param(
        "Blinken said the talks had failed.",
        [("the talks had failed", "Antony Blinken", "said")],
        id="said-clause",
    ),
    pytest.param(
        "Blinken told reporters that the talks had failed.",
        [("that the talks had failed", "Antony Blinken", "told")],
        id="told-hearer-that",
    ),
    pytest.param(
        "The talks had failed, Blinken said on Sunday.",
        [("The talks had failed", "Antony Blinken", "said")],
        id="clause-then-attribution",
    ),
    pytest.param(
        "According to Blinken, the talks had failed.",
        [("the talks had failed", "Antony Blinken", "according to")],
        id="according-to-first",
    ),
    pytest.param(
        "The talks had failed, according to Blinken.",
        [("The talks had failed", "Antony Blinken", "according to")],
        id="according-to-last",
    ),
    pytest.param("Blinken did not say whether the talks failed.", [], id="negated"),
    pytest.param("Blinken visited Kyiv on Sunday.", [], id="no-speech"),
]


@pytest.mark.parametrize(("text", "expected"), INDIRECT)
def test_indirect_speech(nlp, text, expected):
    quotes = quotes_of(nlp, text, people(text, **BLINKEN), indirect=True)
    assert [(q.text, q.speaker, q.cue) for q in quotes] == expected
    assert all(q.kind == "indirect" for q in quotes)


def test_indirect_speech_only_on_request(nlp):
    text = "Blinken said the talks had failed."
    assert quotes_of(nlp, text, people(text, **BLINKEN)) == []


def test_never_crashes_on_odd_marks(nlp):
    text = '"\n\n""\u201d\u201c \u201c\n" a " b " c "\n\u201d end.\n"'
    for quote in quotes_of(nlp, text, [], indirect=True):
        assert text[quote.start : quote.end] == quote.text


# --------------------------------------------------------------------------------------------
# The seed article, end to end with the real layout parser and entity resolver

SEED_QUOTES = [
    ("by one iota", "partial", "Antony Blinken", "said", "why-it-matters"),
    ("sphere of influence", "partial", "Antony Blinken", "warned", "driving-the-news"),
    ("subjugate", "partial", "Antony Blinken", "warned", "driving-the-news"),
    (
        "If we allow those things to go forward and stand with impunity, then that opens a "
        "Pandora\u2019s box that countries well beyond Europe will see and maybe decide to act on.",
        "direct", "Antony Blinken", None, "driving-the-news",
    ),
    (
        "Engaging in diplomacy doesn't take the word nyet out of your vocabulary,",
        "direct", "Antony Blinken", "said", "between-the-lines",
    ),
    (
        "as we're doing it, we're building up our defense, we're building up our deterrence, to "
        "make sure that Russia understands that if it doesn\u2019t follow the diplomatic course, "
        "if it renews its aggression, there will be very significant consequences.",
        "direct", "Antony Blinken", "told", "go-deeper",
    ),
    ("minor incursion", "partial", "Biden", None, "the-bottom-line"),
    ("a single additional Russian force", "partial", "Antony Blinken", "stressed",
     "the-bottom-line"),
    ("swift, a severe and a united response from us and from Europe.", "partial",
     "Antony Blinken", "stressed", "the-bottom-line"),
]  # fmt: skip


def test_seed_quotes_exactly(nlp):
    source = SEED.read_text(encoding="utf-8")
    article = parse_article(source)
    doc = nlp(article.source)
    quotes = extract_quotes(doc, article, extract_entities(doc, article))
    assert [(q.text, q.kind, q.speaker, q.cue, q.section) for q in quotes] == SEED_QUOTES
    for quote in quotes:
        assert source[quote.start : quote.end] == quote.text
        assert source[quote.speaker_start : quote.speaker_end] == quote.speaker_text
    assert [q.speaker_text for q in quotes] == [
        "the secretary", "Blinken", "Blinken", "the secretary", "the secretary", "Blinken",
        "President Biden", "Blinken", "Blinken",
    ]  # fmt: skip


def test_seed_reported_speech(nlp):
    """The reported speech of the seed, returned on request (the lead, the first bullets)."""
    source = SEED.read_text(encoding="utf-8")
    article = parse_article(source)
    doc = nlp(article.source)
    quotes = extract_quotes(doc, article, extract_entities(doc, article), indirect=True)
    reported = [(q.text[:40], q.speaker, q.cue) for q in quotes if q.kind == "indirect"]
    assert reported == [
        ("there are still areas in which the U.S. ", "Antony Blinken", "said"),
        ('the U.S. will not compromise "by one iot', "Antony Blinken", "said"),
        ('Russia is seeking to reestablish a "sphe', "Antony Blinken", "warned"),
        ("That violates international norms that h", "Antony Blinken", "said"),
        ("It also heightens the stakes far beyond ", "Antony Blinken", "argued"),
        ('that "a single additional Russian force"', "Antony Blinken", "stressed"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A role noun in apposition gives the person's gender: "she" skips the spokesman.
        "Jane Roe spoke first at the meeting. John Doe, a spokesman for the city, answered "
        "questions. \u201cWe are ready for the storm,\u201d she said.",
        "Jane Roe spoke first at the meeting. Her husband, John Doe, answered questions. "
        "\u201cWe are ready for the storm,\u201d she said.",
    ],
)
def test_gendered_role_nouns_guide_pronouns(nlp, text):
    entities = people(text, Jane_Roe=["Jane Roe"], John_Doe=["John Doe"])
    assert summary(quotes_of(nlp, text, entities)) == [
        ("We are ready for the storm,", "direct", "Jane Roe", "said")
    ]


# --------------------------------------------------------------------------------------------
# Speaker rules measured on the GGT set: each case fails without its rule (invented texts
# with the structure of the articles that showed the error).

SPEAKER_RULES = [
    pytest.param(
        "Terry Chapman, president of the union, spoke in Halifax.\n\n"
        "The union says burnout is critical among its members.",
        {"Terry_Chapman": ["Terry Chapman"]},
        ("burnout is critical among its members", None, "The union"),
        id="org-noun-is-the-organisation-not-its-president",
    ),
    pytest.param(
        "\u201cI think this will change school food policy,\u201d said Yoni Freedhoff, medical "
        "director of the Bariatric Medical Institute, who writes about food policy on his blog. "
        "\u201cIt gives advocates a credible document.\u201d",
        {
            "Yoni_Freedhoff": ["Yoni Freedhoff"],
            "ORG_Bariatric_Medical_Institute": ["Bariatric Medical Institute"],
        },
        ("It gives advocates a credible document.", "Yoni Freedhoff", "Yoni Freedhoff"),
        id="who-stands-for-the-person-not-the-last-noun",
    ),
    pytest.param(
        "Suncor reported receiving payments. \u201cEDC had the largest claim in its history,"
        "\u201d Pierre Gignac, EDC\u2019s then-chief risk officer, mentioned in a 2013 commentary.",
        {"Pierre_Gignac": ["Pierre Gignac"], "ORG_Suncor_Energy": ["Suncor"]},
        ("EDC had the largest claim in its history,", "Pierre Gignac", "Pierre Gignac"),
        id="participle-hung-on-the-name",
    ),
    pytest.param(
        "ANALYST'S VIEWPOINT: \"Does he really need that easy deal, or can he let his team "
        'push back harder?" Michael Every, a senior strategist for the Asia-Pacific for '
        "Rabobank, said in a commentary.",
        {"Michael_Every": ["Michael Every"]},
        (
            "Does he really need that easy deal, or can he let his team push back harder?",
            "Michael Every",
            "Michael Every",
        ),
        id="attribution-sentence-with-a-long-apposition",
    ),
    pytest.param(
        "Doug Purdy, who lost 16 lbs. between May and October, says the program changed his "
        "life. Purdy, 73, credits his Wheaten terrier Chloe and a new exercise partner for "
        "keeping him on-track. He became so accustomed to working out at the Y that he took out "
        "his own membership. \u201cMy blood pressure is down to normal now,\u201d he adds.",
        {"Doug_Purdy": ["Doug Purdy", "Purdy"], "Chloe": ["Chloe"]},
        ("My blood pressure is down to normal now,", "Doug Purdy", "he"),
        id="name-opening-its-sentence-over-the-dog",
    ),
    pytest.param(
        "Still, even with her pension, Carole Laurin experienced a 40 per cent drop in income "
        "when she had to give up her career. And there was also the psychological blow.\n\n"
        '"It took me two years to grieve the loss. I still feel it."',
        {"Carole_Laurin": ["Carole Laurin"]},
        (
            "It took me two years to grieve the loss. I still feel it.",
            "Carole Laurin",
            "Carole Laurin",
        ),
        id="unattributed-quote-continues-the-paragraph-before",
    ),
    pytest.param(
        "Wendy Golden lives in a small bungalow outside Amherst.\n\n"
        "Her message now is simple: don't share prescriptions.\n\n"
        '"You don\'t know what that person took earlier. The combination can be lethal."',
        {"Wendy_Golden": ["Wendy Golden"]},
        (
            "You don't know what that person took earlier. The combination can be lethal.",
            "Wendy Golden",
            "Her",
        ),
        id="unattributed-quote-after-the-subject-possessor",
    ),
    pytest.param(
        "Doug Purdy says the program changed his life. Regular exercise also produced "
        "positive results for Mississauga accountant Babatunji Farinloye, 50. \u201cI had a "
        "health club membership, but this program really helped me,\u201d he says.",
        {"Doug_Purdy": ["Doug Purdy"], "Babatunji_Farinloye": ["Babatunji Farinloye"]},
        (
            "I had a health club membership, but this program really helped me,",
            "Babatunji Farinloye",
            "he",
        ),
        id="pronoun-after-the-one-person-just-introduced",
    ),
    pytest.param(
        "After Kody died, Wendy Golden urged police to investigate. She went to the RCMP.\n\n"
        "The CBC's Richard Cuthbertson tells us about a growing concern. 10:43\n\n"
        "Charges followed a year later.\n\n"
        "\u201cThat's why I chose to fight,\u201d she says.",
        {"Wendy_Golden": ["Wendy Golden"], "Richard_Cuthbertson": ["Richard Cuthbertson"]},
        ("That's why I chose to fight,", "Wendy Golden", "she"),
        id="caption-people-are-not-antecedents",
    ),
    pytest.param(
        "The deal was done largely to get Houston under the tax threshold, a person familiar "
        "with the negotiations said.",
        {},
        (
            "The deal was done largely to get Houston under the tax threshold",
            None,
            "a person familiar with the negotiations",
        ),
        id="speaker-words-keep-their-description",
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), SPEAKER_RULES)
def test_speaker_rules(nlp, text, names, expected):
    quotes = quotes_of(nlp, text, people(text, **names), indirect=True)
    found = [(q.text, q.speaker, q.speaker_text) for q in quotes]
    assert expected in found, found
