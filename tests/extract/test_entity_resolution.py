"""Entities, `api.extract.entities.resolution`: within an article, surnames, spelling variants,
short forms and country aliases join the full name; labels are one per name."""

from __future__ import annotations

import pytest

from api.extract.entities import (
    entity_key,
)
from tests.extract.helpers import by_name, entities_of


def test_surname_links_to_full_name(nlp):
    text = (
        "Talks resume\nAntony Blinken arrived in Geneva on Friday. "
        "Blinken said the talks were useful, and Blinken's aides agreed."
    )
    entities = by_name(entities_of(nlp, text))
    blinken = entities["Antony Blinken"]
    assert [m.text for m in blinken.mentions] == ["Antony Blinken", "Blinken", "Blinken"]
    assert blinken.aliases == ["Blinken"]
    assert "Blinken" not in entities


@pytest.mark.parametrize(
    ("text", "surname_at", "person"),
    [
        (
            # A son named in passing does not take "Major" over from the man the story calls so.
            "Crash trial\nRobert Major was driving a truck near Langham. The crash killed "
            "Major's girlfriend and two of his sons: Brenden Major, 4, and Theodore Cardinal, 9. "
            "At 2,300 feet, Major said he was able to see the stop sign.",
            "Major said",
            "Robert Major",
        ),
    ],
)
def test_shared_surname_keeps_the_person_it_stood_for(nlp, text, surname_at, person):
    entities = entities_of(nlp, text)
    offset = text.index(surname_at)
    owner = [e.name for e in entities for m in e.mentions if m.start == offset]
    assert owner == [person]


def test_surname_mislabelled_as_place_is_the_person(nlp):
    # spaCy tags this "Blinken" GPE; it is the surname of a person named in the article.
    text = (
        "Talks\nSecretary of State Antony Blinken said Sunday there are still areas of consensus."
        "\nDriving the news: During a round of Sunday show appearances, Blinken warned Russia is "
        "seeking to reestablish a sphere of influence."
    )
    entities = entities_of(nlp, text)
    assert [e.name for e in entities if e.type in ("GPE", "LOC")] == ["Russia"]
    assert len(by_name(entities)["Antony Blinken"].mentions) == 2


@pytest.mark.parametrize(
    ("text", "name", "aliases"),
    [
        # A transcript's capitals and a curly apostrophe do not make new people.
        (
            "Interview\nAILSA CHANG, HOST: Welcome. Ailsa Chang here.",
            "Ailsa Chang",
            ["AILSA CHANG"],
        ),
        (
            "Interview\nAilsa Chang here with Beto O\u2019Rourke. Beto O'Rourke said yes.",
            "Beto O\u2019Rourke",
            ["Beto O'Rourke"],
        ),
    ],
)
def test_spelling_variants_of_a_full_name_are_one_person(nlp, text, name, aliases):
    people = [e for e in entities_of(nlp, text) if e.type == "PERSON"]
    assert (name, aliases) in [(p.name, p.aliases) for p in people]
    assert len({entity_key(p.type, p.name) for p in people}) == len(people)


@pytest.mark.parametrize(
    ("text", "country", "aliases"),
    [
        ("Trade\nThe U.S. and China signed a deal.", "United States", ["U.S."]),
        ("Trade\nThe US imposed tariffs on steel.", "United States", ["US"]),
        (
            "Trade\nThe United States imposed tariffs. Later the U.S. lifted them.",
            "United States",
            ["U.S."],
        ),
        ("Brexit\nThe U.K. left the bloc in January.", "United Kingdom", ["U.K."]),
        ("Talks\nThe Russian Federation rejected the offer.", "Russia", ["Russian Federation"]),
        ("History\nIt collapsed with the Soviet Union in 1991.", "Soviet Union", []),
    ],
)
def test_country_aliases_normalise(nlp, text, country, aliases):
    entities = by_name(entities_of(nlp, text))
    assert entities[country].type == "GPE"
    assert entities[country].aliases == aliases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The full name of a surname-only speaker, introduced in apposition and missed by spaCy.
        (
            "Putin's gamble\nMoscow analysts were divided on Friday.\n\n\u201cIt could be seen by "
            "some as Putin\u2019s success, but in fact it means trouble for Putin,\u201d Alexei "
            "Malashenko, a leading Moscow-based Middle East expert, said about the move.\n\n"
            "\u201cThe sanctions have in fact helped bolster Putin\u2019s power,\u201d Malashenko "
            "said.",
            ("PERSON", "Alexei Malashenko", ["Malashenko"]),
        ),
        # A surname spaCy calls a nationality but that speaks, and its full name, which spaCy
        # runs into the headline: one person.
        (
            "UFC 232\nAmanda Nunes knocked out Cris Cyborg in 51 seconds on Saturday.\n\nNunes "
            "said she had dreamed of the fight. Nunes told reporters she was ready.",
            ("PERSON", "Amanda Nunes", ["Nunes"]),
        ),
        # A speech verb's subject spaCy did not tag, whose full name the article gives earlier.
        (
            "Strokes hit income\nThe study was published on Monday.\n\nFor Carole Laurin, a "
            "series of strokes at age 42 meant she had to leave her teaching job.\n\nNow 57 and "
            "living in Ottawa, Laurin said she was fortunate because her pension covered therapy.",
            ("PERSON", "Carole Laurin", ["Laurin"]),
        ),
        # An acronym made of the initials of an organisation's name is that organisation.
        (
            "Insurance payout\nExport Development Canada paid a claim last year.\n\nEDC said it "
            "is self-funding.",
            ("ORG", "Export Development Canada", ["EDC"]),
        ),
        # The first word of exactly one organisation's longer name is that organisation.
        (
            "Insurance payout\nSuncor Energy received a payout last year.\n\nSuncor said it "
            "might have to repay some of that sum.",
            ("ORG", "Suncor Energy", ["Suncor"]),
        ),
        # A corporate suffix does not make another company.
        (
            "Markets\nSamsung Electronics reported a drop in profit. Shares of Samsung "
            "Electronics Co. fell.\n\nSamsung said it expects its earnings to decline this year.",
            ("ORG", "Samsung Electronics Co.", ["Samsung Electronics", "Samsung"]),
        ),
    ],
)
def test_speakers_and_short_forms_resolve_to_the_full_name(nlp, text, expected):
    type_, name, aliases = expected
    entity = by_name(entities_of(nlp, text))[name]
    assert (entity.type, entity.name, entity.aliases) == expected
    assert [e.name for e in entities_of(nlp, text) if e.name in aliases] == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # An organisation that speaks is not a person for lack of a full name.
        ("Oil\nThe payout came last year.\n\nSuncor said it might repay the sum.", "Suncor"),
    ],
)
def test_unnamed_speech_subjects_stay_out(nlp, text, kept):
    assert [e for e in entities_of(nlp, text) if e.name == kept and e.type == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # A country before a first name, when spaCy misses the name and it is completed from
        # the surname the article then uses.
        ("Impeachment hearings\n\nTheir appearances will follow the testimony of two GOP "
         "witnesses -- Morrison and former U.S. Special Representative for Ukraine Kurt Volker "
         "-- who largely undercut Democrats' arguments.\n\nVolker said he was never aware of "
         "it. Volker added that he regretted it.", ["Kurt Volker", "Morrison"]),
        # Headlines of a link list run into each other: another person's surname before the
        # surname of a person the article names in full.
        ("Hill headlines\n\nTrump says Chuck Todd should be fired over edited clip of Barr "
         "Trump lashes out at the network. Attorney General William Barr spoke.\n\n\"It was a "
         "disgrace,\" President Donald Trump said.",
         ["Chuck Todd", "Donald Trump", "William Barr"]),
    ],
)
def test_words_before_a_name_that_are_no_part_of_it(nlp, text, people):
    assert sorted(e.name for e in entities_of(nlp, text) if e.type == "PERSON") == people


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # spaCy ends the name on "in": it runs on over the capitalised words after it.
        ("Campus speech\n\nThe Foundation for Individual Rights in Education, which has sued "
         "colleges it believes are stifling speech, said the order could result in unintended "
         "consequences.", [("Foundation for Individual Rights in Education", "ORG")]),
    ],
)
def test_a_name_never_ends_on_a_joining_word(nlp, text, names):
    assert [(e.name, e.type) for e in entities_of(nlp, text)] == names
