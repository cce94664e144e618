"""The hold-out split of the gold sets: rules are written on the dev documents only.

A gold document is held out when the first hex digit of the SHA-256 of its ``doc_id`` is 0-3
(11 of the 26 GUM documents, 11 of the 50 Gender Gap Tracker articles). Figures are reported on
the dev documents, on the held-out ones and on all of them, so that a rule fitted to the dev
documents shows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

SPLITS = ("dev", "held-out", "all")


def is_held_out(doc_id: object) -> bool:
    """Whether the gold document ``doc_id`` is held out (never read while writing rules)."""
    return hashlib.sha256(str(doc_id).encode()).hexdigest()[0] in "0123"


def in_split(doc_id: object, split: str) -> bool:
    """Whether ``doc_id`` belongs to ``split``: ``"dev"``, ``"held-out"`` or ``"all"``."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    return split == "all" or is_held_out(doc_id) == (split == "held-out")


def write_shared_format(
    out_dir: Path,
    name: str,
    predicted: list[dict[str, Any]],
    gold_rows: list[dict[str, Any]],
    *,
    gold_ensure_ascii: bool = True,
) -> dict[str, Path]:
    """Write the files a shared scorer (``../shared/eval/score_NAME.py GOLD PRED``) reads into
    ``out_dir``: ``NAME-pred.jsonl`` (the ``predicted`` rows) and, per split, the gold rows of
    that split (``NAME-gold-dev.jsonl``, ``-held-out``, ``-all``), one JSON object a line.
    ``gold_ensure_ascii=False`` writes the gold's non-ASCII characters as themselves (the
    quotes' gold; the scorers read either). Returns the paths by name (``"pred"`` and each
    split)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"pred": out_dir / f"{name}-pred.jsonl"}
    paths["pred"].write_text("".join(json.dumps(r) + "\n" for r in predicted), encoding="utf-8")
    for split in SPLITS:
        path = paths[split] = out_dir / f"{name}-gold-{split}.jsonl"
        chosen = [r for r in gold_rows if in_split(r["doc_id"], split)]
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=gold_ensure_ascii) + "\n" for r in chosen),
            encoding="utf-8",
        )
    return paths
