"""A fingerprint of what the extraction pipeline makes of every corpus text beside the project.

`extract_articles`, with the real model, runs over every text file of ``../shared``: the Axios
and wire corpora, the Gender Gap Tracker and GUM gold texts, the seed, and a fixed sample of the
BBC stories (every 11th file in sorted order, about 200 of the 2,225, so that the check stays
within a couple of minutes). For each file the sections, the served quotes (text, kind, speaker,
speaker_text, cue, section and every offset), the quotes of every kind including reported speech
(``extract_quotes(..., indirect=True)``, what the evaluation scores) and the entities (name, type,
aliases, title, salience, every mention) are serialised canonically and hashed: one SHA-256 per
file, stored in ``fingerprint.json`` beside this module, keyed by the file's path under
``../shared``. Only hashes are committed, never a publisher's text.

``tests/extract/test_fingerprint.py`` compares a fresh run with the stored file and names every
file whose output changed. A restructure must leave it unchanged. A deliberate change of what
the extraction produces regenerates it **in the same commit as the change**, so that the diff
shows how many files the change touched::

    .venv/bin/python -m tests.extract.fingerprint --update   # rewrite fingerprint.json
    .venv/bin/python -m tests.extract.fingerprint            # compare, list the changed files

(``NEWSDESK_UPDATE_FINGERPRINT=1 .venv/bin/pytest tests/extract/test_fingerprint.py`` rewrites it
too.) Bump ``EXTRACTOR_VERSION`` in ``api/extract/pipeline.py`` alongside such a change.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from api.extract.entities import extract_entities
from api.extract.nlp import load_nlp
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from api.extract.quotes import extract_quotes
from api.extract.records import ExtractedArticle

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
STORED = Path(__file__).with_name("fingerprint.json")

BBC_STEP = 11
"""Every this-many-th BBC story (sorted by path) is fingerprinted."""

CORPORA = (
    "corpus/axios/txt/*.txt",
    "corpus/wire/txt/*.txt",
    "gold/quotes-ggt/txt/*.txt",
    "gold/ner-gum/txt/*.txt",
    "seeds/*.txt",
)


def corpus_files(shared: Path = SHARED) -> list[Path]:
    """Every file the fingerprint covers, in a fixed order."""
    files = [path for pattern in CORPORA for path in sorted(shared.glob(pattern))]
    return files + sorted(shared.glob("corpus/bbc/*/*.txt"))[::BBC_STEP]


class _KeepingDocs:
    """The model, passed to `extract_articles`, keeping every ``Doc`` it makes, so that the
    same parse also gives the quotes of every kind without running the model twice."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.docs: list[Any] = []

    def pipe(self, texts: Iterable[str], **kwargs: Any) -> Iterator[Any]:
        for doc in self.nlp.pipe(texts, **kwargs):
            self.docs.append(doc)
            yield doc


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _output(article: ExtractedArticle, every_kind: list[Any]) -> dict[str, Any]:
    parsed = article.parsed
    return {
        "sections": [dataclasses.asdict(section) for section in parsed.sections],
        "quotes": [dataclasses.asdict(quote) for quote in article.quotes],
        "quotes_every_kind": [dataclasses.asdict(quote) for quote in every_kind],
        # ``role`` came later and text files never set it: left out while it is None, so that
        # the stored fingerprints still hold for text.
        "entities": [{k: v for k, v in dataclasses.asdict(entity).items()
                      if not (k == "role" and v is None)} for entity in article.entities],
    }


def compute(shared: Path = SHARED) -> dict[str, str]:
    """File (path under ``shared``) -> the SHA-256 of its extraction, or ``refused: reason``."""
    files = corpus_files(shared)
    model = _KeepingDocs(load_nlp())
    outcomes = list(extract_articles(
        (ArticleFile(path.read_bytes(), str(path)) for path in files), model  # type: ignore[arg-type]
    ))
    # A file the extractor failed on was parsed too: find each article's parse by its text.
    docs = {doc.text: doc for doc in model.docs}
    result: dict[str, str] = {}
    for path, outcome in zip(files, outcomes, strict=True):
        key = path.relative_to(shared).as_posix()
        if isinstance(outcome, Refused):
            result[key] = f"refused: {outcome.reason}"
            continue
        doc = docs[outcome.parsed.source]
        every_kind = extract_quotes(
            doc, outcome.parsed, extract_entities(doc, outcome.parsed), indirect=True
        )
        result[key] = hashlib.sha256(_canonical(_output(outcome, every_kind))).hexdigest()
    return result


def stored() -> dict[str, str]:
    """The committed fingerprint (empty when there is none yet)."""
    if not STORED.exists():
        return {}
    return json.loads(STORED.read_text(encoding="utf-8"))["files"]


def write(fingerprint: dict[str, str]) -> None:
    """Store ``fingerprint`` as the expected output."""
    document = {
        "about": "SHA-256 of the extraction of each file under ../shared; see fingerprint.py",
        "files": dict(sorted(fingerprint.items())),
    }
    STORED.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """One line per file whose output changed, appeared or disappeared."""
    lines = [f"changed: {key}" for key in sorted(expected.keys() & actual.keys())
             if expected[key] != actual[key]]
    lines += [f"new: {key}" for key in sorted(actual.keys() - expected.keys())]
    lines += [f"gone: {key}" for key in sorted(expected.keys() - actual.keys())]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite fingerprint.json")
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"{SHARED} is absent", file=sys.stderr)
        return 2
    actual = compute()
    if args.update:
        write(actual)
        print(f"{len(actual)} files fingerprinted into {STORED}")
        return 0
    lines = differences(stored(), actual)
    print("\n".join(lines) if lines else f"{len(actual)} files unchanged")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
