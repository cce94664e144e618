"""Real articles through the whole pipeline: no file refused or failed, every offset right.

All the Axios and wire stories, every fifth BBC story, and the BBC stories that once broke an
extraction step. Reads ``../shared`` and skips, with the reason, where it is absent.
"""

from __future__ import annotations

import pytest

from api.extract.lexicon import PRONOUN_GENDER
from api.extract.nlp import load_nlp
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from tests.conftest import shared_path
from tests.extract.helpers import gender_crossings

ONCE_BROKEN = ["bbc/sport/179.txt", "bbc/sport/199.txt"]


def _corpus_files() -> list:
    corpus = shared_path("corpus")
    bbc = sorted(corpus.glob("bbc/*/*.txt"))
    files = sorted(corpus.glob("axios/txt/*.txt")) + sorted(corpus.glob("wire/txt/*.txt"))
    return files + bbc[::5] + [corpus / name for name in ONCE_BROKEN]


@pytest.fixture(scope="module")
def extracted():
    files = _corpus_files()
    outcomes = list(extract_articles(
        (ArticleFile(path.read_bytes(), str(path)) for path in files), load_nlp()))
    return files, outcomes


def test_every_article_extracts(extracted):
    files, outcomes = extracted
    assert len(outcomes) == len(files) >= 600
    refused = [(o.file.filename, o.reason) for o in outcomes if isinstance(o, Refused)]
    assert refused == []


def test_every_quote_and_mention_points_into_the_source(extracted):
    _files, outcomes = extracted
    quotes = mentions = 0
    for article in outcomes:
        source = article.parsed.source
        for quote in article.quotes:
            assert source[quote.start:quote.end] == quote.text, article.filename
            if quote.speaker_start is not None:
                assert source[quote.speaker_start:quote.speaker_end] == quote.speaker_text
            quotes += 1
        names = {entity.name for entity in article.entities}
        for quote in article.quotes:
            assert quote.speaker is None or quote.speaker in names
        for entity in article.entities:
            for mention in entity.mentions:
                assert source[mention.start:mention.end] == mention.text, article.filename
                mentions += 1
    assert quotes > 1000 and mentions > 10000


def test_no_pronoun_goes_to_a_person_of_the_other_gender(extracted):
    # Issue 8, point 3: no "he"/"his" mention of a woman, no "she"/"her" of a man, no quote
    # whose speaker is written "she" served as a man's (`helpers.gender_crossings`), in any
    # of the corpus articles. The seed and hand-made cases: test_pronoun_gender.py.
    _files, outcomes = extracted
    crossings = [
        f"{article.filename}: {line}"
        for article in outcomes
        for line in gender_crossings(article.parsed.source, article.entities, article.quotes)
    ]
    pronouns = sum(
        1
        for article in outcomes
        for entity in article.entities
        for mention in entity.mentions
        if mention.text.lower() in PRONOUN_GENDER
    )
    assert pronouns > 2000
    assert crossings == []
