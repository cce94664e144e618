"""``newsdesk eval records``: the shared speaker-records scorer against a real temporary archive."""

from __future__ import annotations

import hashlib
import json

from api.evaluation.records import score_records, write_split_golds
from tests.conftest import shared_path

PORTS = range(8500, 8600)  # this project's loopback range for test servers
STORY = ("Council votes on budget\n\n"
         "The council approved the budget on Monday. \"This is a good day for the city,\" "
         "Mayor Jane Doe said.\n\n"
         "\"We listened to every neighbourhood,\" Doe said.\n\n"
         "\"It is a mistake,\" said councillor Tom Roe.\n")


def _gold_folder(tmp_path):
    """A one-article gold set in the Gender Gap Tracker layout: two quotes by Jane Doe, one by
    Tom Roe."""
    folder = tmp_path / "gold"
    (folder / "txt").mkdir(parents=True)
    (folder / "txt" / "a.txt").write_text(STORY)
    quotes = []
    for words, person in (("This is a good day for the city,", "Jane Doe"),
                          ("We listened to every neighbourhood,", "Jane Doe"),
                          ("It is a mistake,", "Tom Roe")):
        start = STORY.index(words)
        quotes.append({"quote": words, "reference": person,
                       "quote_span": [start, start + len(words)]})
    row = {"doc_id": "a", "text_file": "txt/a.txt", "quotes": quotes}
    (folder / "gold.jsonl").write_text(json.dumps(row) + "\n")
    return folder


def test_split_golds_follow_the_hold_out_rule(tmp_path):
    gold = shared_path("gold", "quotes-ggt")
    folders = write_split_golds(gold, tmp_path)
    counts = {split: len(path.joinpath("gold.jsonl").read_text().splitlines())
              for split, path in folders.items()}
    assert counts == {"dev": 39, "held-out": 11, "all": 50}
    held_out = [json.loads(line)["doc_id"]
                for line in folders["held-out"].joinpath("gold.jsonl").read_text().splitlines()]
    assert all(hashlib.sha256(str(doc).encode()).hexdigest()[0] in "0123" for doc in held_out)
    assert sorted(p.name for p in (folders["dev"] / "txt").iterdir()) == sorted(
        p.name for p in (gold / "txt").iterdir())


def test_records_are_scored_by_the_shared_scorer_on_a_served_archive(tmp_path):
    scorer = shared_path("eval", "score_speaker_records.py")
    scores = score_records(_gold_folder(tmp_path), scorer, PORTS)
    assert set(scores) == {"dev", "held-out", "all"}
    # doc "a" is a dev document (sha256("a") starts with "c"): the held-out split is empty
    assert scores["dev"] == {"people": 2, "matched_quotes": 3, "completeness": 1.0,
                             "purity": 1.0, "people_split": 0, "people_with_3plus": 0,
                             "split_examples": []}
    assert scores["all"] == {key: value for key, value in scores["dev"].items()
                             if key != "split_examples"}
    assert scores["held-out"] == {"people": 0, "matched_quotes": 0, "completeness": 0.0,
                                  "purity": 0.0, "people_split": 0, "people_with_3plus": 0}
