"""What every extraction worker needs, loaded once in the fork server of `api.extract.parallel`
before it forks the workers (which then share these pages instead of each loading its own): the
modules of the pipeline, the default language model, the table of given names and the GeoNames
indexes of `api.extract.places`.

Imported only by that fork server (a fresh interpreter, which holds no database connection).
"""

from __future__ import annotations

import atexit
import os
import sys

import api.extract.pipeline  # noqa: F401  (the pipeline's modules, imported once)
from api.extract.language.words import given_name_kind
from api.extract.nlp import load_nlp
from api.extract.places import resolve_place

load_nlp(None)  # the key `api.extract.parallel` asks it by
given_name_kind("Anna")  # reads the table of given names
resolve_place("Paris")  # builds the GeoNames indexes


def _exit_at_once() -> None:
    """End the fork server without tearing its heap down object by object: it holds only what
    it read (the model, the tables), and its exit is waited for (`api.extract.parallel`), so
    that the interpreter's ordinary shutdown, ~1.4 s of freeing, would be the ingest's."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


# The first of the server's exit handlers to run (they run last in, first out), after every
# worker is gone: the server stops only when the last holder of its "alive" pipe closes it.
atexit.register(_exit_at_once)
