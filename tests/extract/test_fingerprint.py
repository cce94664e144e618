"""The pipeline's output over every corpus text is the one stored in ``fingerprint.json``.

See ``fingerprint.py`` for what is hashed and how to regenerate it deliberately (in the same
commit as a change of behaviour). Skips, with the reason, where ``../shared`` is absent.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import shared_path
from tests.extract import fingerprint


def test_the_extraction_of_every_corpus_file_is_unchanged():
    shared_path("corpus")
    expected = fingerprint.stored()
    actual = fingerprint.compute()
    if os.environ.get("NEWSDESK_UPDATE_FINGERPRINT"):
        fingerprint.write(actual)
        pytest.skip(f"NEWSDESK_UPDATE_FINGERPRINT is set: {fingerprint.STORED} rewritten")
    assert len(actual) >= 400
    changed = fingerprint.differences(expected, actual)
    assert not changed, (
        f"{len(changed)} of {len(actual)} files extract differently; if that is intended, run "
        "`python -m tests.extract.fingerprint --update` and commit fingerprint.json with the "
        "change:\n" + "\n".join(changed)
    )
