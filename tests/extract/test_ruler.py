"""The indexed attribute ruler (`api.extract.ruler`) annotates exactly as spaCy's own.

Each text goes through the model's tagger and parser once; spaCy's ruler and the indexed one
then each annotate a copy, and every token's part of speech, morphology, lemma, tag and
dependency must agree, as must the matches themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from api.extract.nlp import load_nlp, spacy_pipeline
from api.extract.read import decode_article
from api.extract.ruler import IndexedRuler, index_attribute_ruler
from tests.conftest import shared_path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7725c3ec8c610cf1.txt"

#: Hand-made sentences for the patterns few news articles set off: two-token ones, a regular
#: expression, a dependency, an index of 1.
RARE = [
    "Y'all ain't seen nothin' yet, and I don't think you'd get it.",
    "There is a man who gets what he got. Give it to me, not to you.",
    "Which is it? That was the one they had. She did.",
]


@pytest.fixture(scope="module")
def stock():
    """The model as spaCy loads it, its attribute ruler untouched."""
    return spacy_pipeline()


def parsed(stock, text: str) -> Doc:
    doc = stock.make_doc(text)
    for name, component in stock.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = component(doc)
    raise AssertionError("the model has no attribute_ruler")


def annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]


def check_same(stock, texts: list[str]) -> int:
    ruler = stock.get_pipe("attribute_ruler")
    indexed = IndexedRuler(ruler)
    tokens = 0
    for text in texts:
        doc = parsed(stock, text)
        theirs, ours = Doc(doc.vocab).from_docs([doc]), Doc(doc.vocab).from_docs([doc])
        assert indexed.match(ours) == sorted(set(ruler.match(theirs)))
        ruler.set_annotations(theirs, ruler.match(theirs))
        ruler.set_annotations(ours, indexed.match(ours))
        assert annotations(ours) == annotations(theirs), text[:80]
        tokens += len(doc)
    return tokens


def test_the_index_understands_the_pinned_models_patterns(stock):
    ruler = stock.get_pipe("attribute_ruler")
    assert len(ruler.patterns) == 179
    assert IndexedRuler.understands(ruler)


def test_rare_patterns_and_the_seed_are_annotated_as_spacy_does(stock):
    ruler = stock.get_pipe("attribute_ruler")
    fired = {(attr_id, end - start) for text in RARE
             for attr_id, _, start, end in ruler.match(parsed(stock, text))}
    predicates = {key for attr_id, _ in fired for token in ruler.patterns[attr_id]["patterns"][0]
                  for value in token.values() if isinstance(value, dict) for key in value}
    # The hand-made sentences set off what news text rarely does: two-token patterns (one
    # whose annotated token is the second), a regular expression, an excluded value.
    assert {length for _, length in fired} == {1, 2}
    assert {"IN", "NOT_IN", "REGEX"} <= predicates
    assert any(ruler.patterns[attr_id]["index"] == 1 for attr_id, _ in fired)
    assert check_same(stock, RARE + [decode_article(SEED.read_bytes())[0]]) > 300


def test_real_articles_are_annotated_as_spacy_does(stock):
    files = sorted(shared_path("corpus").rglob("*.txt"))[::10]
    assert len(files) >= 100
    assert check_same(stock, [decode_article(path.read_bytes())[0] for path in files]) > 50_000


def test_the_loaded_model_matches_through_the_index():
    ruler = load_nlp().get_pipe("attribute_ruler")
    assert ruler.match.__self__.__class__ is IndexedRuler


def test_a_pattern_the_index_does_not_understand_leaves_spacys_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">": 3}}]], {"TAG": "X"})
    assert not IndexedRuler.understands(ruler)
    index_attribute_ruler(nlp)
    assert "match" not in vars(ruler)
    assert [t.tag_ for t in nlp("a long word")] == ["", "X", "X"]
