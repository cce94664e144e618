"""Entities, `api.extract.entities.titles`: titles are roles split off the people they
introduce, not entities; names run into a Title Case headline are cut back."""

from __future__ import annotations

import pytest

from tests.extract.helpers import by_name, entities_of


@pytest.mark.parametrize(
    ("text", "person", "title"),
    [
        (
            "Talks resume\nSecretary of State Antony Blinken met a counterpart in Geneva.",
            "Antony Blinken",
            "Secretary of State",
        ),
        (
            "Kremlin speaks\nExperts believe Russian President Vladimir Putin wants a deal.",
            "Vladimir Putin",
            "Russian President",
        ),
        (
            "Budget vote\nThe plan was backed by Prime Minister Boris Johnson on Monday.",
            "Boris Johnson",
            "Prime Minister",
        ),
        ("Gaffe\nDays after President Biden's remarks, markets fell.", "Biden", "President"),
    ],
)
def test_title_is_split_off_the_person(nlp, text, person, title):
    entities = by_name(entities_of(nlp, text))
    assert entities[person].type == "PERSON"
    assert entities[person].title == title
    assert [m.text for m in entities[person].mentions] == [person]
    # The role words of a title are no organisation ("State" of "Secretary of State"); a
    # nationality before the role ("Russian") does refer to something and stays.
    assert not [e for e in entities.values() if e.type == "ORG" and e.name in title.split()]


def test_person_without_title_has_none(nlp):
    entities = by_name(entities_of(nlp, "Visit\nIn Geneva, Antony Blinken met reporters."))
    assert entities["Antony Blinken"].title is None
    assert entities["Geneva"].type == "GPE"


def test_title_case_headline_names_are_cut_back(nlp):
    # spaCy reads "Trump Foundation Funds Actually Going" as one ORG in the headline.
    text = (
        "Where are Trump Foundation Funds Actually Going?\n"
        "The Trump Foundation gave money to a charity in Ohio, the IRS said."
    )
    foundation = by_name(entities_of(nlp, text))["Trump Foundation"]
    assert [m.text for m in foundation.mentions] == ["Trump Foundation", "The Trump Foundation"]
