"""The model's attribute ruler, matched through an index: the same annotations, a tenth of the time.

spaCy's ``attribute_ruler`` sets the coarse part of speech, morphology and some lemmas from the
tagger's and parser's output by matching its patterns (179 in ``en_core_web_sm`` 3.8: a tag
map, and exceptions by word, tag and dependency) with spaCy's general `Matcher`, which tries
every pattern at every token: 13% of the model's time on news text, more than its tagger and
lemmatizer together. Here each pattern is filed under a value its first token must have (its
word, tag, dependency or being a space), so that each token is tried against the few patterns
filed under its own values; the rest of each pattern is checked as the `Matcher` checks it.

`index_attribute_ruler` swaps the ruler's ``match`` for the indexed one, leaving its
``set_annotations`` (which applies the matches, later patterns over earlier ones) as it is. It
understands the predicates these patterns use (a value, ``IN``, ``NOT_IN``, ``REGEX`` over
``LOWER``, ``TAG``, ``DEP``, ``IS_SPACE``); a ruler with any other leaves spaCy's matcher in place.
Tests compare every token's annotations with spaCy's own ruler on real articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ATTRIBUTES = ("LOWER", "TAG", "DEP", "IS_SPACE")
"""The token attributes the indexed patterns may test, in the order of ``Doc.to_array``'s
columns; a value is compared as spaCy stores it (a string's hash; a flag as 0 or 1)."""

#: A token's values of `ATTRIBUTES` -> whether one token of a pattern accepts it.
Test = Callable[[tuple[int, ...]], bool]


class IndexedRuler:
    """The matches of an `AttributeRuler`'s patterns in a Doc, as ``AttributeRuler.match``
    gives them: ``(attribute id, match id, start, end)`` sorted, later rules last.

    Which patterns a token can start depends only on its values of `ATTRIBUTES`, so it is
    worked out once per distinct values (a word with its tag and dependency) and kept: from
    the patterns filed under one of those values, and the few filed under none (their first
    token tests a regular expression only). A one-token pattern is then a match outright, a
    longer one has its other tokens checked.
    """

    MAX_KEPT = 200_000
    """Distinct token values kept at most (a long ingest meets ever new words): then the
    memory starts again."""

    def __init__(self, ruler: Any):
        self._strings = ruler.vocab.strings
        self._by_value: dict[tuple[int, int], list[tuple[int, int, tuple[Test, ...]]]] = {}
        self._unfiled: list[tuple[int, int, tuple[Test, ...]]] = []
        for attr_id, entry in enumerate(ruler.patterns):
            match_id = self._strings.add(str(attr_id))
            for pattern in entry["patterns"]:
                filed = (attr_id, match_id, tuple(self._test(token) for token in pattern))
                keys = self._keys(pattern[0])
                for key in keys:
                    self._by_value.setdefault(key, []).append(filed)
                if not keys:
                    self._unfiled.append(filed)
        self._starting: dict[tuple[int, ...], list[tuple[int, int, tuple[Test, ...]]]] = {}

    @staticmethod
    def understands(ruler: Any) -> bool:
        """Whether every pattern of ``ruler`` uses only what the index understands."""
        for entry in ruler.patterns:
            for pattern in entry["patterns"]:
                for token in pattern:
                    for name, value in token.items():
                        if name not in ATTRIBUTES:
                            return False
                        if isinstance(value, dict) and (
                                len(value) != 1 or
                                next(iter(value)) not in ("IN", "NOT_IN", "REGEX")):
                            return False
        return True

    def _value(self, name: str, value: Any) -> int:
        if name == "IS_SPACE":
            return int(bool(value))
        return self._strings.add(value)

    def _keys(self, token: dict[str, Any]) -> list[tuple[int, int]]:
        """The (column, value) keys a pattern's first token is filed under: those of one of
        its attributes that must have a given value, or one of a few (none: no attribute
        must)."""
        for column, name in enumerate(ATTRIBUTES):
            value = token.get(name)
            if value is None:
                continue
            if not isinstance(value, dict):
                return [(column, self._value(name, value))]
            if "IN" in value:
                return [(column, self._value(name, each)) for each in value["IN"]]
        return []

    def _test(self, token: dict[str, Any]) -> Test:
        """Whether a token's values meet every predicate of one token of a pattern."""
        checks: list[Test] = []
        for column, name in enumerate(ATTRIBUTES):
            if name not in token:
                continue
            value = token[name]
            if not isinstance(value, dict):
                wanted = self._value(name, value)
                checks.append(lambda values, c=column, w=wanted: values[c] == w)
            elif "IN" in value:
                allowed = frozenset(self._value(name, each) for each in value["IN"])
                checks.append(lambda values, c=column, a=allowed: values[c] in a)
            elif "NOT_IN" in value:
                barred = frozenset(self._value(name, each) for each in value["NOT_IN"])
                checks.append(lambda values, c=column, b=barred: values[c] not in b)
            else:  # REGEX, searched in the attribute's text (a word's, a tag's), as the Matcher
                regex, strings = re.compile(value["REGEX"]), self._strings
                checks.append(lambda values, c=column, r=regex, s=strings:
                              r.search(s[values[c]]) is not None)
        return lambda values: all(check(values) for check in checks)

    def _started_by(self, values: tuple[int, ...]) -> list[tuple[int, int, tuple[Test, ...]]]:
        """The patterns whose first token a token of these values is."""
        starting = self._starting.get(values)
        if starting is None:
            if len(self._starting) >= self.MAX_KEPT:
                self._starting.clear()
            filed = [pattern for column, value in enumerate(values)
                     for pattern in self._by_value.get((column, value), ())]
            starting = self._starting[values] = [
                pattern for pattern in filed + self._unfiled if pattern[2][0](values)]
        return starting

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows = [tuple(row) for row in doc.to_array(list(ATTRIBUTES)).tolist()]
        matches: set[tuple[int, int, int, int]] = set()
        for start, values in enumerate(rows):
            for attr_id, match_id, tests in self._started_by(values):
                # The first token is met; a longer pattern's others are checked here.
                end = start + len(tests)
                if end <= len(rows) and all(test(rows[start + offset])
                                            for offset, test in enumerate(tests) if offset):
                    matches.add((attr_id, match_id, start, end))
        return sorted(matches)


def index_attribute_ruler(nlp: Language) -> None:
    """Match ``nlp``'s attribute ruler through `IndexedRuler` (nothing when it has none, or
    one with patterns the index does not understand)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if IndexedRuler.understands(ruler):
        ruler.match = IndexedRuler(ruler).match
