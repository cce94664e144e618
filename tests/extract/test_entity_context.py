"""Type evidence from around a name (`api.extract.entities.teams`, `api.extract.entities.context`)
through `extract_entities`: the places that play in a sports report are teams; a one-word name
takes the type of the list it stands in, of the place noun it names, of "according to". Each row
is a short story and the (name, type) pairs that must (not) come out of it."""

from __future__ import annotations

import pytest

from api.extract.entities.teams import is_sports_report
from tests.extract.test_entity_evidence import entities_of, names_and_types

MATCH = (
    "World Cup day five\n\n"
    "Sweden defeated South Korea 1 – 0 at the Nizhny Novgorod Stadium. Sweden had more of the "
    "ball in the match, and a penalty gave Sweden the lead. Tunisia lost 1 – 2 to England in "
    "Volgograd, where Tunisia's goalkeeper was injured and Harry Kane scored the winning goal "
    "for England.\n"
)
NOT_A_MATCH = (
    "Talks resume\n\n"
    "Sweden and South Korea signed a trade deal on Monday. Officials said the 1-2 per cent tariff "
    "would go. Tunisia lost a vote to England at the council.\n"
)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            MATCH,
            {("Sweden", "ORG"), ("Tunisia", "ORG"), ("England", "ORG"), ("Volgograd", "GPE")},
            {("Sweden", "GPE"), ("Tunisia", "GPE"), ("England", "GPE")},
        ),
        (NOT_A_MATCH, {("Sweden", "GPE"), ("Tunisia", "GPE")}, {("Sweden", "ORG")}),
        (
            "Search wars\n\nThe site came first on search engines including Google, Bing, and "
            "Yahoo! last year.\n",
            {("Bing", "ORG"), ("Google", "ORG")},
            {("Bing", "PERSON")},
        ),
        (
            "Shelling\n\nSouth Korea evacuated about 80 people in the town of Yeoncheon after a "
            "shell landed near a school.\n",
            {("Yeoncheon", "GPE")},
            {("Yeoncheon", "ORG")},
        ),
        (
            "Rankings\n\nThe site is the 135th most popular in the world according to Quantcast, "
            "its founder said.\n",
            {("Quantcast", "ORG")},
            {("Quantcast", "GPE")},
        ),
        (  # two names are no list of one kind: each keeps its own type
            "Budget\n\nThe bill pits President Trump and Congress against each other, Nancy "
            "Pelosi said.\n",
            {("Congress", "ORG"), ("Trump", "PERSON")},
            {("Congress", "PERSON"), ("Trump", "ORG")},
        ),
    ],
)
def test_context_types(nlp, text, present, absent):
    found = names_and_types(entities_of(nlp, text))
    assert present <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Belgium beat Panama 3 – 0 in the match; Lukaku scored a goal.", True),
        ("England won the match 2-1 after a late penalty.", True),
        ("The match ended 1-1.", False),  # one sports word
        ("Officials said the 1-2 per cent tariff would go, and the goal is growth.", False),
        ("The goal of the match-fixing inquiry is clear.", False),  # no score
    ],
)
def test_is_sports_report(text, expected):
    assert is_sports_report(text) is expected
