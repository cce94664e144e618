"""The pipeline reads an article's layout (`read_discourse`) once and gives the one value to the
entity steps and the quote steps: neither reads it again."""

from __future__ import annotations

import api.extract.entities as entities_step
import api.extract.pipeline as pipeline
import api.extract.quotes as quotes_step
from api.extract.pipeline_types import ArticleFile

TEXT = (
    "Blinken warns Moscow\n"
    'Secretary of State Antony Blinken spoke on Friday. "We are ready," he said.\n'
)


def test_the_discourse_is_read_once_and_shared(nlp, monkeypatch):
    read = []

    def counted(doc, quoted=None):
        discourse = real(doc, quoted)
        read.append(discourse)
        return discourse

    def refused(*args, **kwargs):
        raise AssertionError("a step read the discourse again")

    real = pipeline.read_discourse
    monkeypatch.setattr(pipeline, "read_discourse", counted)
    monkeypatch.setattr(entities_step, "read_discourse", refused)
    monkeypatch.setattr(quotes_step, "read_discourse", refused)
    article = pipeline.extract_article(ArticleFile(TEXT.encode(), "blinken.txt"), nlp)
    assert len(read) == 1
    assert [(q.text, q.speaker) for q in article.quotes] == [("We are ready,", "Antony Blinken")]
    assert any(
        mention.text == "he" for e in article.entities if e.name == "Antony Blinken"
        for mention in e.mentions
    )
