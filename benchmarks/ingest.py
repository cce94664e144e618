"""Ingestion throughput: ``newsdesk ingest`` against spaCy's own ``nlp.pipe``, same texts.

    python -m benchmarks.ingest [--shared ../shared] [--limit N] [--workers N]

Reads the BBC stories from ``../shared/corpus/bbc`` (never copied into the project), runs the
bare language model over them, then ingests the same files with the real command into a fresh
SQLite database, and prints articles per second for both and their ratio.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from api.extract.nlp import load_nlp
from api.extract.read import decode_article

ROOT = Path(__file__).resolve().parents[1]


def bbc_files(shared: Path, limit: int | None) -> list[Path]:
    files = sorted((shared.resolve() / "corpus" / "bbc").glob("*/*.txt"))
    if not files:
        sys.exit(f"no BBC stories under {shared / 'corpus' / 'bbc'}")
    return files[:limit] if limit else files


def time_nlp_pipe(files: list[Path]) -> float:
    """Seconds for the bare model over the decoded texts (one process, default batching)."""
    nlp = load_nlp()
    texts = [decode_article(path.read_bytes())[0] for path in files]
    started = time.perf_counter()
    for _doc in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


def time_ingest(files: list[Path], workers: int) -> float:
    """Seconds for ``newsdesk ingest`` of the files into a fresh database (migration excluded)."""
    with tempfile.TemporaryDirectory() as instance, tempfile.TemporaryDirectory() as folder:
        for path in files:
            link = Path(folder) / f"{path.parent.name}-{path.name}"
            link.symlink_to(path)
        env = {**os.environ, "NEWSDESK_INSTANCE_PATH": instance}
        env.pop("NEWSDESK_DATABASE_URL", None)
        newsdesk = str(Path(sys.executable).parent / "newsdesk")
        subprocess.run([newsdesk, "db", "upgrade"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        result = subprocess.run([newsdesk, "ingest", "--workers", str(workers), folder],
                                env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        print(f"  newsdesk ingest: {result.stdout.strip()}")
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    files = bbc_files(args.shared, args.limit)
    print(f"{len(files)} BBC stories, model {load_nlp().meta['name']}, "
          f"{os.cpu_count()} cores, ingest workers {args.workers}")
    pipe_seconds = time_nlp_pipe(files)
    ingest_seconds = time_ingest(files, args.workers)
    pipe_rate = len(files) / pipe_seconds
    ingest_rate = len(files) / ingest_seconds
    print(f"{'':24}{'seconds':>10}{'articles/s':>12}")
    print(f"{'spaCy nlp.pipe':24}{pipe_seconds:10.1f}{pipe_rate:12.1f}")
    print(f"{'newsdesk ingest':24}{ingest_seconds:10.1f}{ingest_rate:12.1f}")
    print(f"ratio ingest / nlp.pipe: {ingest_rate / pipe_rate:.2f}")


if __name__ == "__main__":
    main()
