"""Pronouns resolve only to a person they can refer to (issue 8, point 3): no "he"/"his" is a
woman's mention, no "she"/"her" a man's, and no quote whose speaker is written "she" is a
man's. The gender a person is known to have comes from the article itself (an honorific before
the name, a gendered title, the usual gender of the first name: `helpers.known_gender`). The
corpus scan is in ``test_pipeline_corpus.py``."""

from __future__ import annotations

import pytest

from api.extract.entities import extract_entities
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile
from api.extract.quotes import extract_quotes
from api.extract.records import Entity, Mention, Quote
from tests.extract.helpers import SEED, gender_crossings, story


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_text"),
    [
        (
            # The woman is not named: her quote has no speaker, and certainly not Trump.
            "Rally\nDonald Trump spoke in Iowa on Monday. A 69-year-old woman in the crowd "
            'listened.\n\n"I am afraid," she said.\n',
            None,
            "she",
        ),
        (
            'Rally\nDonald Trump praised Heidi Cruz on Monday.\n\n"He is kind," she said.\n',
            "Heidi Cruz",
            "she",
        ),
        (
            'Rally\nHeidi Cruz praised Donald Trump on Monday.\n\n"She is kind," he said.\n',
            "Donald Trump",
            "he",
        ),
    ],
)
def test_a_speakers_pronoun_goes_to_a_person_of_its_gender(nlp, text, speaker, speaker_text):
    article = story(text)
    doc = nlp(text)
    entities = extract_entities(doc, article)
    quotes = extract_quotes(doc, article, entities)
    assert [(q.speaker, q.speaker_text) for q in quotes] == [(speaker, speaker_text)]
    assert gender_crossings(text, entities, quotes) == []


def test_the_seed_has_no_pronoun_of_the_other_gender(nlp):
    (article,) = extract_articles([ArticleFile(SEED.read_bytes(), SEED.name)], nlp)
    source = article.parsed.source
    assert gender_crossings(source, article.entities, article.quotes) == []
    pronouns = {
        entity.name: [m.text for m in entity.mentions if m.text.lower() in ("he", "his")]
        for entity in article.entities
    }
    assert {name: found for name, found in pronouns.items() if found} == {
        "Antony Blinken": ["he", "his"],
        "Vladimir Putin": ["his"],
    }


def test_the_check_finds_a_crossing():
    text = "Donald Trump met Heidi Cruz. She smiled."
    she = text.index("She")
    trump = Entity("Donald Trump", "PERSON", mentions=[Mention(0, 12, "Donald Trump")])
    trump.mentions.append(Mention(she, she + 3, "She"))
    quote = Quote(
        "smiled", she + 4, she + 10, "direct", "Donald Trump", "She", she, she + 3, "smiled"
    )
    assert gender_crossings(text, [trump], [quote]) == [
        f"'She'@{she} -> Donald Trump (m)",
        f"quote@{she + 4} by 'She' -> Donald Trump (m)",
    ]


@pytest.mark.parametrize(
    ("word", "country", "kind", "gender"),
    [
        ("Donald", None, "male", "m"),
        ("Heidi", None, "female", "f"),
        ("Lee", None, "mostly_male", None),
        ("Jong", None, "andy", None),
        ("Trump", None, "unknown", None),
        ("Patrice", None, "male", None),  # female in the US: no gender
        ("Patrice", "usa", "female", None),
    ],
)
def test_one_table_of_given_names(word, country, kind, gender):
    """`given_name_kind` is the one reading of the given-name tables: the gender of a first
    name and the archive's "is this a given name" (`api.services.resolution`) both ask it."""
    from api.extract.language import first_name_gender, given_name_kind
    from api.services import resolution

    assert given_name_kind(word, country) == kind
    assert first_name_gender(word) == gender
    if country is None:
        assert resolution._is_given(word) == (kind != "unknown")
        assert resolution._plainly_given(word) == (kind in ("male", "female"))
