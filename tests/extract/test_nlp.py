"""The model as newsdesk runs it (`api.extract.nlp.load_nlp`) annotates exactly as spaCy's own.

`load_nlp` changes how the model computes, never what: its layers multiply matrices with numpy's
BLAS instead of BLIS, and its attribute ruler matches through an index (`tests/extract/
test_ruler.py`). Every token's annotations must then be what the model as spaCy loads it
(`spacy_pipeline`) gives, on the seed and on 1 in 10 of the corpus files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from api.extract.nlp import BLAS_THREADS, load_nlp, spacy_pipeline
from api.extract.read import decode_article
from tests.conftest import shared_path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7725c3ec8c610cf1.txt"


def annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start,
             t.ent_iob_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def stock():
    return spacy_pipeline()


def test_every_layer_multiplies_with_numpy_on_one_thread():
    nlp = load_nlp()
    components = [(name, component.model) for name, component in nlp.pipeline
                  if getattr(component, "model", None) is not None]
    layers = [layer for _, model in components for layer in model.walk()]
    # Except the parser's and the recogniser's output layers: spaCy makes those anew under its
    # default ops when it sizes them to the labels (``_resize_upper``), and its transition code
    # multiplies through them in C either way.
    uppers = {id(model.get_ref("upper")) for name, model in components
              if name in ("parser", "ner")}
    assert len(layers) > 100 and len(uppers) == 2
    assert {(type(layer.ops), layer.ops.use_blis) for layer in layers
            if id(layer) not in uppers} == {(NumpyOps, False)}
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and {pool["num_threads"] for pool in blas} == {BLAS_THREADS}


def test_the_stock_model_keeps_spacys_defaults(stock):
    assert stock.get_pipe("tok2vec").model.ops.use_blis is True


def test_the_seed_and_real_articles_are_annotated_as_spacy_does(stock):
    files = sorted(shared_path("corpus").rglob("*.txt"))[::10]
    assert len(files) >= 100
    texts = [decode_article(path.read_bytes())[0] for path in [SEED, *files]]
    ours, theirs = load_nlp().pipe(texts, batch_size=16), stock.pipe(texts, batch_size=16)
    tokens = 0
    for text, mine, spacys in zip(texts, ours, theirs, strict=True):
        assert annotations(mine) == annotations(spacys), text[:80]
        tokens += len(mine)
    assert tokens > 50_000
