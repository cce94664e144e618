"""Table tests for the pure name tests (`api.extract.entities.names`) and the gender evidence of
`api.extract.language`: what is a heading or gallery line, what a name's words say about its
type, where a name's span ends, and whose gender a pronoun must agree with."""

from __future__ import annotations

import pytest

from api.extract.entities.names import (
    can_be_name,
    has_inner_capital,
    heading_span,
    is_gallery_line,
    is_glued,
    is_headline_shaped,
    is_time_zone,
    name_end,
    person_name_start,
    type_evidence,
)
from api.extract.language import compatible_gender, first_name_gender, person_gender


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Midwest Abandons Trump", True),
        ("TRUMP VS CALIFORNIA", True),
        ("Meet Ted", True),
        ("Top Cruz", True),
        ("Sweet Caroline", True),
        ("Manhunt", True),
        ("Where are Trump Foundation Funds Actually Going?", False),  # ends like a sentence
        ("Warren spoke at the forum in Sioux City, Iowa.", False),
        ("Democratic hopeful Warren apologizes for claims", False),  # sentence case
        ("Austen, Jane. Pride and Prejudice", False),  # a list entry: a sentence break inside
        ("Secretary of State Antony Blinken in Geneva last week", False),
        ("", False),
    ],
)
def test_headline_shaped_lines(line, expected):
    assert is_headline_shaped(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Slideshow (3 Images)", True),
        ("Hide caption Barrett's supporters watch returns. Previous Next Andy Manis/Getty Images",
         True),
        ("JUST WATCHED Are U.S. hospitals ready for Ebola? Replay More Videos ... MUST WATCH",
         True),
        ("Related: Trump's week in review", True),
        ("Click here to sign up for our newsletter", True),
        ("Photos: the storm hits the coast", True),
        ("The gallery opened on Monday with a show of Warhol's prints.", False),
        ("Share prices fell 3% after the announcement, analysts said on Monday.", False),
    ],
)
def test_gallery_lines(line, expected):
    assert is_gallery_line(line) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dean Kamen", "PERSON"),
        ("Thibaut Courtois", "PERSON"),
        ("Heidi Cruz", "PERSON"),
        ("Johnson County", None),  # a first name, then a place word
        ("Denver Post", None),
        ("King Arthur's Court", None),
        ("Trump Tower", "FAC"),
        ("Metro Toronto Convention Centre", "FAC"),
        ("Pew Research Center", None),  # an institution, not a building
        ("Century City Towers", "FAC"),
        ("Centre for Policy Alternatives", None),
        ("Sea Org", "ORG"),
        ("Orange County Republican Party", "ORG"),
        ("Council of Europe", "ORG"),
        ("Clinton Global Initiative", "ORG"),  # spaCy's PERSON by the surname it opens with
        ("Twitter", "ORG"),
        ("Politico", "ORG"), ("Axios", "ORG"), ("Wall Street Journal", "ORG"),  # news outlets
        ("Hill", None),  # "The Hill" without its "the": a surname as much
        ("Agatha", None),  # a lone word says nothing: "Apollo" and "Brooklyn" are names too
        ("Trump", None),
    ],
)
def test_type_evidence(name, expected):
    assert type_evidence(name) == expected


@pytest.mark.parametrize(
    ("text", "after", "name"),
    [
        ("World Health Organisation (WHO", ") recommends", "World Health Organisation"),
        ("Sweden 1", "–0 South Korea", "Sweden"),
        ("Nord Stream 2", " pipeline", "Nord Stream 2"),
        ("Washington D.C. Image", "; NASA", "Washington D.C."),
        ("Getty Images Image", "", "Getty Images"),
        ("Building 31 Image", ":", "Building 31"),
        ("U2", "", "U2"),
        ("Antony Blinken", " said", "Antony Blinken"),
        # A page decoded twice: the apostrophe's and the dash's bytes read as Latin-1.
        ("Donald Trump\u00e2\u0080\u0099s", " campaign", "Donald Trump"),
        ("Trump \u00e2\u0080\u0093", " the", "Trump"),
        ("Trump\u00e2\u20ac\u2122s", "", "Trump"),  # ... or as Windows-1252
    ],
)
def test_name_end(text, after, name):
    assert text[: name_end(text, after)] == name


@pytest.mark.parametrize(
    ("word", "glued"),
    [
        ("TrumpGOP", True), ("McCabeThe", True), ("RosensteinDemocrats", True),
        ("McConnell", False), ("MacArthur", False), ("DeSantis", False), ("LeBron", False),
        ("DiCaprio", False), ("FitzGerald", False), ("Trump", False),
        ("GarthWaite", False),  # a typo: its halves are no words of the article
        ("GrassleySpeaker", True),  # a name run into a title the article never writes alone
        ("GrasslyPelosi", False),
    ],
)  # fmt: skip
def test_is_glued(word, glued):
    article_words = {"Trump", "GOP", "McCabe", "The", "Rosenstein", "Democrats",
                     "Mc", "Connell", "Mark", "Grassley"}  # fmt: skip
    assert is_glued(word, article_words) is glued


def test_word_shapes():
    assert [is_time_zone(w) for w in ("GMT", "EDT", "gmt", "NATO")] == [True, True, False, False]
    assert [has_inner_capital(w) for w in ("YouTube", "eHow", "NY1", "Gawker.com", "Geneva")] == [
        True, True, True, True, False
    ]


@pytest.mark.parametrize(
    ("word", "gender"),
    [
        ("Heidi", "f"), ("Donald", "m"), ("Ted", "m"), ("Caroline", "f"),
        ("Trump", None), ("Cruz", None),  # "mostly" female in the tables: no evidence
        ("Kyle", None), ("Midwest", None), ("HEIDI", None), ("Bing", None),
        ("Vladimir", "m"),  # the US and UK lists do not hold it: no objection
        ("Patrice", None), ("Nate", None),  # the US uses them for the other gender
        ("Eva-Marie", "f"), ("Anne-Marie", "f"),  # double first names: both halves agree
        ("Smith-Jones", None), ("Jong-un", None), ("Eva-Trump", None), ("Marie-", None),
    ],
)  # fmt: skip
def test_first_name_gender(word, gender):
    assert first_name_gender(word) == gender


@pytest.mark.parametrize(
    ("name", "honorific", "roles", "gender"),
    [
        ("Diemont", "f", (), "f"),  # "Ms Diemont"
        ("Heidi Cruz", None, (), "f"),
        ("Donald Trump", None, (), "m"),
        ("Cruz", None, (), None),  # a surname alone says nothing
        ("Alexandria Ocasio-Cortez", None, ("Congresswoman",), "f"),
        ("Sam Lee", None, ("the actress",), "f"),  # a role noun
        ("Sam Lee", None, ("Lady",), "f"),
        ("Jordan Smith", None, ("Chairwoman of the Board",), "f"),
        ("Sam Lee", None, ("Senate Majority Leader",), None),
        ("Chris Doe", "", (), None),  # "Dr" says nothing
    ],
)
def test_person_gender(name, honorific, roles, gender):
    assert person_gender(name, honorific=honorific, roles=roles) == gender


def test_compatible_gender():
    assert compatible_gender(None, "f") and compatible_gender("f", "f")
    assert not compatible_gender("m", "f")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("CNN Brooks", "Brooks"),
        ("AG Barr", "Barr"),
        ("PM Theresa May", "Theresa May"),
        ("Council Enver Solomon", "Enver Solomon"),
        ("AILSA CHANG", "AILSA CHANG"),
        ("J. Scott Applewhite", "J. Scott Applewhite"),
        ("Antony Blinken", "Antony Blinken"),
        ("Brooks", "Brooks"),
        ("TAKES NEXT STEPS ON CAMPAIGN ROLLOUT - Hillary Clinton", "Hillary Clinton"),
        ("Money: Trump", "Trump"),
        ("Houston Methodist’s Boom", "Boom"),
        ("Beto O'Rourke", "Beto O'Rourke"),
        ("Jean-Luc Picard", "Jean-Luc Picard"),
    ],
)
def test_person_name_start(text, name):
    assert text[person_name_start(text) :] == name


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Meet Ted", "Meet Ted"),
        ("Update at 9:12 p.m. ET. In Exit Polls, Obama Maintains Big Lead:",
         "In Exit Polls, Obama Maintains Big Lead:"),
        ("Update at 10:07 p.m. ET. AP Calls The Race:", "AP Calls The Race:"),
        ("Update at 7:16 p.m. ET. Exit Polls:", "Exit Polls:"),
        ("Schiff said in a statement: ", None),
        ("Warren spoke in Sioux City. Trump said:", None),
        ("The Senator Said:", None),  # the whole line: a label, not a heading after a sentence
    ],
)
def test_heading_span(line, heading):
    span = heading_span(line)
    assert (line[span[0] : span[1]] if span else None) == heading


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alexandria Ocasio-Cortez", True),
        ("Hubert Wolfeschlegelsteinhausenbergerdorff", True),
        ("Amazon.com", True),
        ("United Nations Educational, Scientific and Cultural Organization", True),
        # Pasted links and addresses, which spaCy tags as people or organisations.
        ("https://www.reuters.com/article/us-usa-immigration-dna/u-s-using-dna-testing", False),
        ("FoxNewsFirst@FOXNEWS.COM", False),
        ("Reunite" + "x" * 40, False),  # a run of characters, not a word of a name
        (" ".join(["Board"] * 40), False),  # longer than any record's name
    ],
)
def test_what_can_be_a_name(text, expected):
    assert can_be_name(text) is expected
