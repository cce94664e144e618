"""Names that are no person, organisation or place: common words capitalised by their position,
works and products named by their noun, events named by their last word, a role after "the";
and names spaCy cuts or runs together (a full name cut in two, "Korea" of "South Korea", an
organisation inside a person's title). Each row is a short story, or a name, and what must (not)
come out of it."""

from __future__ import annotations

import pytest

from api.extract.entities.candidates import Candidate
from api.extract.entities.evidence import correct_types, join_first_names, trim_names
from api.extract.entities.names import (
    clean_name,
    inverted_name_spans,
    is_common_word_name,
    joins_two_names,
    lower_case_words,
    type_evidence,
)
from tests.extract.test_entity_evidence import entities_of, names_and_types


@pytest.mark.parametrize(
    ("text", "source", "person_words", "expected"),
    [
        ("Iodine", "If Iodine deficiency is serious, iodine is added to salt.", set(), True),
        ("Volunteer", "Volunteer groups came; a volunteer said so.", set(), True),
        # a person's surname the article also writes as a word stays a name
        ("Santorum", "Rick Santorum spoke. The santorum cocktail sold out.", {"santorum"}, False),
        ("Volunteer", "Volunteer groups came.", set(), False),  # never written in lower case
        ("WHO", "WHO said who was at risk.", set(), False),  # capitals: an acronym
        ("Turkey", "Turkey banned turkey imports.", set(), False),  # a country
        ("Quantcast", "It ranks first (www.quantcast.com) says Quantcast.", set(), False),
        ("Iodine Study", "The Iodine Study found iodine.", set(), False),  # one word only
    ],
)
def test_common_word_names(text, source, person_words, expected):
    assert is_common_word_name(text, lower_case_words(source), person_words) is expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("North and South Korea", {"north korea"}, True),
        ("East and West Germany", {"west germany"}, True),
        ("North and South Korea", set(), False),  # neither named on its own
        ("Procter and Gamble", {"procter gamble"}, False),  # no shared head
        ("Bank of America", {"bank america"}, False),
    ],
)
def test_two_names_by_a_shared_head(text, names, expected):
    assert joins_two_names(text, names) is expected


@pytest.mark.parametrize(
    ("source", "spans"),
    [
        ("Good ones:\n\nAusten, Jane. Pride and Prejudice\n", ["Austen, Jane"]),
        (
            "Marx, Karl and Engels, Friedrich. The Manifesto\n",
            ["Marx, Karl", "Engels, Friedrich"],
        ),
        ("Macaulay, Thomas Babington. History of England\n", ["Macaulay, Thomas Babington"]),
        ("Paris, Texas. A film\n", []),  # "Texas" is no first name
        ("In Austen, Jane said so.\n", []),  # not a list entry
    ],
)
def test_names_written_surname_first(source, spans):
    assert [source[s:e] for s, e in inverted_name_spans(source)] == spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Austen, Jane", "Jane Austen"),
        ("Macaulay, Thomas Babington", "Thomas Babington Macaulay"),
        ("Washington, D.C.", "Washington, D.C."),
        ("the Beatles'", "Beatles"),
    ],
)
def test_clean_name_puts_a_surname_last(text, name):
    assert clean_name(text) == name


@pytest.mark.parametrize(
    ("name", "evidence"),
    [
        ("Northern Lights Esports Championship", "EVENT"),
        ("Comic Expo Canada", "EVENT"),
        ("World Chess Championship 2021", "EVENT"),
        ("Toronto International Film Festival", "EVENT"),
        ("Davis Cup", "EVENT"),
        ("Expo Canada", "EVENT"),
        ("Expo 2020", "EVENT"),
        ("Championship Manager Ltd", "ORG"),  # the last word decides
        ("Cup Noodles", None),
    ],
)
def test_event_words(name, evidence):
    assert type_evidence(name) == evidence


def test_a_full_name_cut_in_two_is_joined():
    source = "Attacks by Lena Marchetti came early. Later Lena Marchetti scored."
    first = Candidate(11, 15, "Lena", "ORG")
    second = Candidate(38, 51, "Lena Marchetti", "PRODUCT")  # "Lena Marchetti": a first name
    joined = join_first_names(source, [first, second])
    assert [(c.text, c.label) for c in joined] == [
        ("Lena Marchetti", "PERSON"),
        ("Lena Marchetti", "PRODUCT"),
    ]
    # the name the article gives is needed: "Lena" alone stays as it is
    alone = join_first_names("Attacks by Lena came early.", [Candidate(11, 15, "Lena", "ORG")])
    assert [(c.text, c.label) for c in alone] == [("Lena", "ORG")]


def test_two_candidates_of_a_known_full_name_are_joined():
    source = "Attacks by Lena Marchetti came early. Later Lena Marchetti scored."
    cands = [
        Candidate(11, 15, "Lena", "ORG"),
        Candidate(16, 25, "Marchetti", "PERSON"),
        Candidate(44, 58, "Lena Marchetti", "PERSON"),
    ]
    joined = join_first_names(source, cands)
    assert [(c.start, c.text, c.label) for c in joined] == [
        (11, "Lena Marchetti", "PERSON"),
        (44, "Lena Marchetti", "PERSON"),
    ]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (  # a work named by the noun before it
            "Book launch\n\nThe author was in town to launch her graphic novel Angel Harbour, "
            "with the illustrator Sam Reyes.\n",
            {("Angel Harbour", "WORK_OF_ART"), ("Sam Reyes", "PERSON")},
            {("Angel Harbour", "PERSON"), ("Angel Harbour", "ORG")},
        ),
        (  # a product named in apposition
            "Ship held\n\nShe was held for years aboard the company's cruise ship, Freedom Star, "
            "which sailed from Florida.\n",
            {("Freedom Star", "PRODUCT")},
            {("Freedom Star", "ORG"), ("Freedom Star", "PERSON")},
        ),
        (  # a product named by "be" and its noun, all its uses
            "Dust hunt\n\nKestrel brought dust back to Utah in January, said Tom Baker. Kestrel "
            "is a NASA space capsule that collected samples from a comet.\n",
            {("Kestrel", "PRODUCT"), ("Tom Baker", "PERSON")},
            {("Kestrel", "PERSON"), ("Kestrel", "ORG")},
        ),
        (  # a character after "the"
            "Panel\n\nThe actor, who played the Joker for a decade, met fans on Sunday.\n",
            set(),
            {("Joker", "PERSON")},
        ),
        (  # a facility word after "the"
            "Demo\n\nPlayers ride a secret elevator down to the Bat Cave to suit up.\n",
            {("Bat Cave", "FAC")},
            {("Bat Cave", "PERSON")},
        ),
        (  # "Korea" is the one qualified Korea the story names
            "Group F\n\nSweden defeated South Korea 1 – 0 in the match. Korea substituted a "
            "striker after a penalty, but the goal stood.\n",
            {("South Korea", "ORG")},
            {("Korea", "ORG"), ("Korea", "GPE")},
        ),
        (  # a list of authors, surname first
            "Reading list\n\nGood ones:\n\nAusten, Jane. Pride and Prejudice\n\nChristie, "
            "Agatha. The Secret Adversary\n",
            {("Jane Austen", "PERSON"), ("Agatha Christie", "PERSON")},
            {("Jane", "PERSON"), ("Agatha", "GPE"), ("Agatha", "PERSON")},
        ),
        (  # an organisation determined by "the" inside a person's title
            "Leak\n\nAfter the leak, CEO of the Tenants Union Peter Hall told Sky News the plan "
            "was flawed.\n",
            {("Tenants Union", "ORG"), ("Peter Hall", "PERSON")},
            set(),
        ),
    ],
)
def test_names_that_are_no_person_organisation_or_place(nlp, text, present, absent):
    found = names_and_types(entities_of(nlp, text))
    assert present <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("names", "trimmed"),
    [
        # A common word the article writes in lower case too ("the top of the list").
        (["Top Trump"], ["Trump"]),
        (["Freedom Trump"], ["Trump"]),
        # A word run into a name the article also gives on its own.
        (["Rancher Kurt Volker", "Kurt Volker"], ["Kurt Volker", "Kurt Volker"]),
        # A country is no one's name.
        (["Ukraine Kurt Volker"], ["Kurt Volker"]),
        # Nothing tells that the first word is not the person's.
        (["Rancher Kurt Volker"], ["Rancher Kurt Volker"]),
        (["Libra Trump", "Donald Trump"], ["Libra Trump", "Donald Trump"]),
        # A given name run into a full name the article gives on its own.
        (["Jeff Sessions Jefferson", "Jeff Sessions"], ["Jeff Sessions", "Jeff Sessions"]),
        (["Mary Ann Thomas", "Mary Ann"], ["Mary Ann Thomas", "Mary Ann"]),
        (["Jeff Sessions Jefferson"], ["Jeff Sessions Jefferson"]),
        # Given names, with a usual gender or not, even where the article writes the word
        # ("will", "hope"); a given name the tables do not hold, where it does not.
        (["Hillary Rodham Clinton", "Rodham Clinton"],
         ["Hillary Rodham Clinton", "Rodham Clinton"]),
        (["Mitt Romney", "Will Hurd", "Hope Hicks"], ["Mitt Romney", "Will Hurd", "Hope Hicks"]),
    ],
)
def test_trim_names(names, trimmed):
    source, cands = "", []
    for name in names:
        cands.append(Candidate(len(source), len(source) + len(name), name, "PERSON"))
        source += name + ". "
    source += "They will hope to top it, with freedom and money."
    out = trim_names(cands, lower_case_words(source))
    assert [c.text for c in out] == trimmed
    assert all(source[c.start : c.end] == c.text for c in out)


@pytest.mark.parametrize(
    ("source", "names", "trimmed"),
    [
        # Headlines of a link list run into each other: another person's surname before the
        # surname of a person the article names in full.
        ("Donald J. Trump. William Barr. An edited clip of Barr Trump lashes out.",
         ["Donald J. Trump", "William Barr", "Barr Trump"],
         ["Donald J. Trump", "William Barr", "Trump"]),
        # Without two people's surnames the first word stays: an owner's possessive is no sign
        # (a rare given name comes there too), nor is a surname written first.
        ("Donald Trump. Facebook's Libra Trump has considered firing an official.",
         ["Donald Trump", "Libra Trump"], ["Donald Trump", "Libra Trump"]),
        ("Youngspiration's Baggio Leung and Sixtus Leung.", ["Baggio Leung", "Sixtus Leung"],
         ["Baggio Leung", "Sixtus Leung"]),
        ("The DAB's Starry Lee won. Lee thanked voters.", ["Starry Lee"], ["Starry Lee"]),
        ("Baggio Leung and Leung Kwok-hung won.", ["Baggio Leung", "Leung Kwok-hung"],
         ["Baggio Leung", "Leung Kwok-hung"]),
        ("William Barr. Andy Warhol. A Warhol Polaroid.",
         ["William Barr", "Andy Warhol", "Warhol Polaroid"],
         ["William Barr", "Andy Warhol", "Warhol Polaroid"]),
        # A given name after a possessive, and a surname that is a given name too, stay.
        ("Vancouver's Bo Horvat scored.", ["Bo Horvat"], ["Bo Horvat"]),
        ("Sen. Elizabeth Warren met Warren Buffett.", ["Elizabeth Warren", "Warren Buffett"],
         ["Elizabeth Warren", "Warren Buffett"]),
        # A person's own surname twice is not another person's ("Trump Trump" aside).
        ("Donald Trump. Rodham Clinton and Hillary Rodham Clinton.",
         ["Donald Trump", "Rodham Clinton", "Hillary Rodham Clinton"],
         ["Donald Trump", "Rodham Clinton", "Hillary Rodham Clinton"]),
    ],
)
def test_trim_names_in_their_text(source, names, trimmed):
    cands, at = [], 0
    for name in names:
        start = source.index(name, at)
        cands.append(Candidate(start, start + len(name), name, "PERSON"))
        at = start + len(name)
    out = trim_names(cands, lower_case_words(source))
    assert [c.text for c in out] == trimmed
    assert all(source[c.start : c.end] == c.text for c in out)


@pytest.mark.parametrize("label", ["NORP", "PERSON", "GPE", "WORK_OF_ART"])
def test_news_outlets_are_organisations(label):
    source = "As Axios first reported, the plan stalled."
    cand = Candidate(3, 8, "Axios", label)
    correct_types(source, [cand], lower_case_words(source))
    assert cand.label == "ORG"
