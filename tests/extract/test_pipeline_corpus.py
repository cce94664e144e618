"""Real articles through the whole pipeline: no file refused or failed, every offset right.

All the Axios and wire stories, every fifth BBC story, and the BBC stories that once broke an
extraction step. Reads ``../shared`` and skips, with the reason, where it is absent.
"""

from __future__ import annotations

import pytest

from api.extract.nlp import load_nlp
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from tests.conftest import shared_path

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
