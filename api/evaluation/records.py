"""Speaker records across an archive, scored by ``../shared/eval/score_speaker_records.py``.

That scorer asks a running server: does each real person's every quote sit on one entity record
(completeness), and does each record hold one person's quotes (purity)? It reads the archive
over HTTP, so this module builds one, the way a user would, and leaves the scorer as it is:

1. a fresh SQLite database in a temporary folder (``newsdesk db upgrade``);
2. every article of the gold set's ``txt/`` ingested into it (``newsdesk ingest``);
3. ``newsdesk serve`` (one worker) on a free loopback port, until ``/healthz`` answers
   (`api.liveserver`);
4. for each split (`api.evaluation.holdout`) a gold folder with that split's ``gold.jsonl``
   rows and a ``txt`` link to the texts, scored by the unchanged scorer against the server;
5. the server stopped, the folder removed.

The archive holds all 50 articles for every split (an archive resolves names across all it
holds); a split only selects whose quotes are counted.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from api.evaluation.holdout import SPLITS, in_split
from api.liveserver import NEWSDESK, newsdesk_serve


def write_split_golds(gold_dir: Path, out_dir: Path) -> dict[str, Path]:
    """A gold folder per split under ``out_dir``: the split's rows of ``gold.jsonl`` and a
    ``txt`` link to ``gold_dir/txt``."""
    rows = [json.loads(line) for line in (gold_dir / "gold.jsonl").read_text().splitlines()
            if line.strip()]
    folders = {}
    for split in SPLITS:
        folder = out_dir / f"gold-{split}"
        folder.mkdir(parents=True)
        (folder / "txt").symlink_to((gold_dir / "txt").resolve(), target_is_directory=True)
        with (folder / "gold.jsonl").open("w") as out:
            for row in rows:
                if in_split(row["doc_id"], split):
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        folders[split] = folder
    return folders


@contextlib.contextmanager
def served_archive(texts: Path, work_dir: Path, ports: Iterable[int]) -> Iterator[str]:
    """A server on a fresh SQLite archive of every file under ``texts``; its base URL. The
    server is stopped when the block ends, whatever happens in it."""
    env = {**os.environ, "NEWSDESK_INSTANCE_PATH": str(work_dir / "instance"),
           "NEWSDESK_DATABASE_URL": f"sqlite:///{work_dir / 'records.sqlite3'}"}
    for name in ("NEWSDESK_RATE_LIMIT", "NEWSDESK_API_KEYS"):
        env.pop(name, None)
    subprocess.run([str(NEWSDESK), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([str(NEWSDESK), "ingest", str(texts)], env=env, check=True,
                   capture_output=True)
    with newsdesk_serve(env, workers=1, ports=ports, log=work_dir / "server.log") as live:
        yield live.base


def score_records(gold_dir: Path, scorer: Path, ports: Iterable[int]) -> dict[str, dict]:
    """The scorer's JSON answer for each split, from one archive of the whole gold set (the
    examples of people split over records are kept for the dev split only)."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-records-") as tmp:
        work_dir = Path(tmp)
        golds = write_split_golds(gold_dir, work_dir)
        scores = {}
        with served_archive(gold_dir / "txt", work_dir, ports) as base:
            for split, folder in golds.items():
                done = subprocess.run([sys.executable, str(scorer), base, str(folder)],
                                      check=True, capture_output=True, text=True)
                score = json.loads(done.stdout)
                if split != "dev":  # rules are written looking at dev errors only
                    score.pop("split_examples", None)
                scores[split] = score
        return scores


def format_records_report(scores: dict[str, dict]) -> str:
    """One line per split: completeness, purity, people split over several records; then the
    scorer's examples of split people for the dev split."""
    lines = []
    for split, score in scores.items():
        lines.append(f"{split:9} completeness {score['completeness']:.3f}  purity "
                     f"{score['purity']:.3f}  people {score['people']}  split "
                     f"{score['people_split']}  quotes {score['matched_quotes']}")
    for person, records in scores.get("dev", {}).get("split_examples", []):
        lines.append(f"  dev split: {person}: {records}")
    return "\n".join(lines)
