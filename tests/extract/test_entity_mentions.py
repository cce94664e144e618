"""Entities, `api.extract.entities.mentions` (and the shared `api.extract.language`): pronouns,
honorifics and role nouns link to the person they refer to."""

from __future__ import annotations

import pytest

from tests.extract.helpers import by_name, entities_of


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        (
            "Merkel speaks\nAngela Merkel spoke in Berlin on Monday. She said the deal was fair.",
            "Angela Merkel",
            ["Merkel", "Angela Merkel", "She"],
        ),
        (
            # The subject of the sentence before, not the nearer object.
            "Talks\nAntony Blinken met Sergei Lavrov in Geneva. Later, he flew home to Washington.",
            "Antony Blinken",
            ["Antony Blinken", "he"],
        ),
        (
            # A subject named earlier in the pronoun's own sentence is its person.
            "Talks\nAntony Blinken spoke on Sunday. "
            "Vladimir Putin wants to read the answers with his own eyes.",
            "Vladimir Putin",
            ["Vladimir Putin", "his"],
        ),
        (
            # First names give the gender: "she" skips Donald Trump, "him" skips Heidi Cruz.
            "Debate\nDonald Trump praised Heidi Cruz on Monday. Later, she thanked him.",
            "Heidi Cruz",
            ["Heidi Cruz", "she"],
        ),
        (
            "Debate\nDonald Trump praised Heidi Cruz on Monday. Later, she thanked him.",
            "Donald Trump",
            ["Donald Trump", "him"],
        ),
        (
            # "Dame" gives the gender as "Ms" does: "He" skips the subject for the other person.
            "Visit\nDame Robin Smith met Jordan Lee in London. He said the visit was a success.",
            "Jordan Lee",
            ["Jordan Lee", "He"],
        ),
        (
            # Pronouns inside a quotation are left alone: they speak from the speaker's place.
            'Talks\nAntony Blinken spoke on CNN. "He is wrong," Blinken said of a critic.',
            "Antony Blinken",
            ["Antony Blinken", "Blinken"],
        ),
    ],
)
def test_pronoun_links_to_the_person_it_refers_to(nlp, text, person, expected):
    entities = by_name(entities_of(nlp, text))
    assert [m.text for m in entities[person].mentions] == expected


def test_a_pronoun_nobody_can_be_stays_unlinked(nlp):
    entities = entities_of(nlp, "Debate\nDonald Trump spoke in Iowa on Monday. She disagreed.")
    assert {e.name: [m.text for m in e.mentions] for e in entities} == {
        "Donald Trump": ["Donald Trump"],
        "Iowa": ["Iowa"],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # spaCy tags "Ms Diemont" ORG: the honorific makes it the person, by her surname.
            "Call centres\nCara Diemont of Dimension Data said customers were angry. "
            "Ms Diemont said she expected change.",
            {
                "Cara Diemont": ["Cara Diemont", "Diemont", "she"],
                "Dimension Data": ["Dimension Data"],
            },
        ),
        (
            # spaCy misses "Ms Jones"; "She" skips Mr Smith, the nearer but male antecedent.
            "Talks\nMs Jones met Mr Smith in London on Monday. She said the talks were good.",
            {"Jones": ["Jones", "She"], "Smith": ["Smith"], "London": ["London"]},
        ),
        (
            # An honorific before a role addresses someone; it names nobody.
            "Emmys\nHolding the award, Alec Baldwin said, \"At long last Mr. President, here is "
            "your Emmy.\" Mr Chancellor, the house will hear you.",
            {"Alec Baldwin": ["Alec Baldwin"]},
        ),
    ],
)
def test_honorifics_make_people_and_pronouns_agree(nlp, text, expected):
    entities = entities_of(nlp, text)
    assert {e.name: [m.text for m in e.mentions] for e in entities} == expected
    people = {"Cara Diemont", "Jones", "Smith"}
    assert all(e.type == "PERSON" for e in entities if e.name in people)


def test_role_noun_links_to_the_titled_person(nlp):
    text = (
        "Talks\nSecretary of State Antony Blinken met reporters. "
        "The talks were useful, the secretary said."
    )
    blinken = by_name(entities_of(nlp, text))["Antony Blinken"]
    assert [m.text for m in blinken.mentions] == ["Antony Blinken", "the secretary"]
