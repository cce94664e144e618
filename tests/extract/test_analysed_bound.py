"""The language model reads a bounded part of each article; the layout covers all of it; one
file the model fails on is a refusal, never the end of a batch."""

from __future__ import annotations

import pytest

from api.extract import nlp as nlp_module
from api.extract.nlp import load_nlp
from api.extract.pipeline import analysed_part, extract_article, extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from tests.conftest import SEED, shared_path
from tests.extract.conftest import misplaced_spans


def long_story(chars: int) -> str:
    """A plain story of at least ``chars`` characters: a headline, then the paragraphs of real
    BBC stories in name order (their quotes and names included)."""
    paragraphs: list[str] = []
    total = 0
    for path in sorted(shared_path("corpus", "bbc", "politics").glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")[1:]:
            if paragraph.strip():
                paragraphs.append(paragraph.strip())
                total += len(paragraph) + 2
        if total >= chars:
            break
    return "A long story\n\n" + "\n\n".join(paragraphs) + "\n"


def test_a_short_article_is_analysed_whole():
    text = SEED.read_text(encoding="utf-8")
    article = extract_article(ArticleFile(text.encode()), load_nlp(), max_chars=len(text))
    assert article.parsed.warnings == []
    assert max(q.end for q in article.quotes) > len(text) * 0.8


def test_a_long_article_is_stored_whole_and_its_first_paragraphs_analysed():
    text = long_story(12_000)
    article = extract_article(ArticleFile(text.encode()), load_nlp(), max_chars=4_000)
    cut = text.rfind("\n", 0, 4_001)
    assert article.parsed.source == text
    assert article.parsed.warnings == [
        f"the text is {len(text)} characters long: quotes and entities come from its first "
        f"{cut} characters (NEWSDESK_MAX_ANALYSED_CHARS is 4000); sections cover it all"]
    # The layout covers the whole text, to its last paragraph.
    (body,) = article.parsed.sections
    assert body.blocks[-1].end == len(text.rstrip())
    assert misplaced_spans(article.parsed) == []
    # Quotes and entities come from the part before the cut, with offsets into the whole text.
    spans = [(q.start, q.end, q.text) for q in article.quotes] + [
        (m.start, m.end, m.text) for e in article.entities for m in e.mentions]
    assert spans and all(end <= cut and text[start:end] == span for start, end, span in spans)
    # ... exactly what the model finds in that part given alone.
    alone = extract_article(ArticleFile(text[:cut].encode()), load_nlp(), max_chars=4_000)
    assert {e.name for e in article.entities} == {e.name for e in alone.entities}
    assert [q.text for q in article.quotes] == [q.text for q in alone.quotes]


def test_one_paragraph_longer_than_the_bound_is_cut_at_a_space():
    text = "Headline\n\n" + "word " * 2_000
    parsed = extract_article(ArticleFile(text.encode()), load_nlp(), max_chars=1_000).parsed
    part = analysed_part(parsed, 1_000)
    assert part.source == text[:text.rfind(" ", 0, 1_001)]
    assert parsed.source == text


def test_the_models_own_limit_agrees_with_the_bound(monkeypatch):
    monkeypatch.setenv("NEWSDESK_MAX_ANALYSED_CHARS", "2500000")
    load_nlp.cache_clear()
    try:
        assert nlp_module.max_analysed_chars() == 2_500_000
        assert load_nlp().max_length == 2_500_000
    finally:
        load_nlp.cache_clear()
    monkeypatch.delenv("NEWSDESK_MAX_ANALYSED_CHARS")
    assert load_nlp().max_length == 1_000_000 >= nlp_module.DEFAULT_MAX_ANALYSED_CHARS


def test_a_file_the_model_fails_on_is_refused_and_the_batch_goes_on():
    """spaCy refuses a text over its ``max_length`` (E088) inside ``nlp.pipe``; that text alone
    is refused (here the bound is set above the model's limit on purpose)."""
    nlp = load_nlp()
    seed = SEED.read_bytes()
    wire = b"Storm hits coast\n\nA storm hit the coast on Monday, officials said.\n"
    files = [ArticleFile(seed, "seed.txt"), ArticleFile(long_story(12_000).encode(), "long.txt"),
             ArticleFile(wire, "wire.txt")]
    saved = nlp.max_length
    nlp.max_length = 10_000
    try:
        outcomes = list(extract_articles(files, nlp, max_chars=10**7))
    finally:
        nlp.max_length = saved
    assert [type(o).__name__ for o in outcomes] == ["ExtractedArticle", "Refused",
                                                    "ExtractedArticle"]
    assert isinstance(outcomes[1], Refused)
    assert outcomes[1].reason == "extraction failed (ValueError); see the log"
    assert outcomes[0].parsed.headline == "Blinken: U.S.-Russia could still find consensus"
    # "..., officials said": reported speech, by nobody the entity list names.
    assert [(q.kind, q.speaker, q.speaker_text) for q in outcomes[2].quotes] == [
        ("indirect", None, "officials")
    ]
    assert outcomes[2].parsed.headline == "Storm hits coast"


@pytest.mark.parametrize("chars", [1_200_000])
def test_a_text_over_the_models_default_limit_is_analysed_up_to_the_bound(chars):
    text = long_story(60_000)
    text = text + "\n" + "\n\n".join([text.split("\n\n", 1)[1]] * (chars // len(text) + 1))
    assert len(text) > chars
    article = extract_article(ArticleFile(text.encode()), load_nlp(), max_chars=3_000)
    assert article.parsed.source == text
    assert max(q.end for q in article.quotes) <= 3_000
    assert article.parsed.warnings[-1].startswith(f"the text is {len(text)} characters long")
