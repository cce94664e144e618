"""The base corpus of the scale benchmark: the BBC stories (plus the Axios ones), extracted once.

The real pipeline runs over the stories read from ``../shared/corpus`` (never copied into the
project); its `ExtractedArticle` records are pickled to a cache outside the repository, keyed by
the extractor version and the list of files, so that later runs skip the language model.

    python -m benchmarks.scale_corpus [--shared ../shared]     # fill the cache only
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

from api.extract.pipeline import EXTRACTOR_VERSION
from api.extract.pipeline_types import ArticleFile, Refused
from api.extract.records import ExtractedArticle

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("NEWSDESK_BENCH_CACHE") or "/tmp/newsdesk-bench")


def corpus_files(shared: Path) -> list[Path]:
    """The BBC stories, then the Axios ones (whose labelled sections the BBC stories lack)."""
    bbc = sorted((shared / "corpus" / "bbc").glob("*/*.txt"))
    if not bbc:
        sys.exit(f"no BBC stories under {shared / 'corpus' / 'bbc'}")
    return bbc + sorted((shared / "corpus" / "axios" / "txt").glob("*.txt"))


def _cache_path(files: list[Path]) -> Path:
    names = hashlib.sha256("\n".join(str(f) for f in files).encode()).hexdigest()[:12]
    return CACHE / f"extracted-{EXTRACTOR_VERSION}-{len(files)}-{names}.pickle"


def extracted_corpus(shared: Path, *, workers: int = 2) -> list[ExtractedArticle]:
    """Every story of the base corpus, extracted by the real pipeline (from the cache if there)."""
    files = corpus_files(shared)
    cache = _cache_path(files)
    if cache.exists():
        with cache.open("rb") as stream:
            return pickle.load(stream)
    print(f"extracting {len(files)} stories with the language model ({workers} workers), "
          f"once; cached in {cache}", flush=True)
    from api.extract.parallel import extract_in_parallel

    started = time.perf_counter()
    inputs = (ArticleFile(path.read_bytes(), f"{path.parent.name}-{path.name}") for path in files)
    extracted = []
    for outcome in extract_in_parallel(inputs, workers=workers):
        if isinstance(outcome, Refused):
            print(f"  refused {outcome.file.filename}: {outcome.reason}")
        else:
            extracted.append(outcome)
    print(f"  {len(extracted)} extracted in {time.perf_counter() - started:.0f} s", flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".partial")
    with partial.open("wb") as stream:
        pickle.dump(extracted, stream, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(cache)
    return extracted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    records = extracted_corpus(args.shared, workers=args.workers)
    print(f"{len(records)} extracted stories in the cache")


if __name__ == "__main__":
    main()
