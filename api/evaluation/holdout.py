"""The hold-out split of the gold sets: rules are written on the dev documents only.

A gold document is held out when the first hex digit of the SHA-256 of its ``doc_id`` is 0-3
(11 of the 26 GUM documents, 11 of the 50 Gender Gap Tracker articles). Figures are reported on
the dev documents, on the held-out ones and on all of them, so that a rule fitted to the dev
documents shows.
"""

from __future__ import annotations

import hashlib

SPLITS = ("dev", "held-out", "all")


def is_held_out(doc_id: object) -> bool:
    """Whether the gold document ``doc_id`` is held out (never read while writing rules)."""
    return hashlib.sha256(str(doc_id).encode()).hexdigest()[0] in "0123"


def in_split(doc_id: object, split: str) -> bool:
    """Whether ``doc_id`` belongs to ``split``: ``"dev"``, ``"held-out"`` or ``"all"``."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    return split == "all" or is_held_out(doc_id) == (split == "held-out")
