"""Scoring quote extraction against the Gender Gap Tracker gold set (``gold/quotes-ggt``).

The gold set: ``gold.jsonl`` (one article a line, its ``quotes`` with ``quote_span``,
``speaker``, ``reference`` = the speaker's full name) and the article texts in ``txt/``.
Quotes of every kind are predicted (``extract_quotes(..., indirect=True)``), since the gold
annotates reported speech too.

Definitions (strict on purpose; they are the numbers `format_quote_report` prints):

- **Span.** Gold and predicted spans are trimmed of quotation marks and whitespace at both ends
  (the gold includes the marks, our quotes exclude them). A predicted quote that lies wholly
  inside another predicted quote (a partial quote inside the reported speech that holds it) is
  the same utterance and is not scored on its own: the gold annotates it once.
- **Overlap** of a gold and a predicted span: ``|intersection| / max(|gold|, |predicted|)`` in
  characters. Symmetric: a prediction twice as long as the gold overlaps it by 0.5 at most, so
  swallowing a paragraph to catch a sentence is not rewarded.
- **Matching** at a threshold t: one to one, greedily by overlap, pairs with overlap >= t.
  Precision = matched / predicted, recall = matched / gold.
- **Direct subset**: gold quotes whose text holds a double quotation mark; predicted quotes
  whose span, with the character just before and after it (our quotes exclude their own
  marks), holds one. The same test on both sides: a reported clause with a quoted fragment
  inside ("said the station would "have a statement"") is in it on both. Scored among
  themselves, as a separate table.
- **Speaker accuracy**, over the pairs matched at 0.3: our speaker is the canonical ``speaker``,
  or, where the quote has none, the ``speaker_text`` as written (the gold's ``reference`` is
  sometimes "officials", "researchers"). Names are normalised (case, accents, punctuation,
  honorifics, leading articles, possessive, a trailing corporate suffix: "Co.", "Inc.").
  Right when equal, or when one name's words are a subset of the other's that keeps the
  surname and has at least two words ("Harry Kazianis" for "Harry J. Kazianis"). A bare
  surname for a full name counts as wrong; so does no speaker.
  Also reported over the matched quotes whose gold speaker is among the article's entity
  names (by the same test): a speaker the entity resolver does not list cannot be named, so
  this second figure isolates the attribution itself.

**The shared scorer** (``../shared/eval/score_quotes.py``, the one run on other publishers'
articles) reads each article's quotes as the API serves them: `shared_prediction_rows` makes
those rows from the whole pipeline and `write_shared_format` writes them beside the gold rows of
each split (`api.evaluation.holdout`), for the scorer to read unchanged (``make eval-quotes``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from api.evaluation import holdout
from api.extract.entities import extract_entities
from api.extract.parse import parse_article
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from api.extract.quotes import extract_quotes
from api.extract.records import Quote

if TYPE_CHECKING:
    from spacy.language import Language

THRESHOLDS = (0.3, 0.8)
_MARK_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
_DIRECT_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u2019\u2019", "''")
_HONORIFICS = frozenset(["mr", "mrs", "ms", "dr", "prof", "sir", "dame", "rev"])
_CORPORATE_SUFFIXES = frozenset(["co", "corp", "inc", "ltd", "llc", "plc", "ag", "sa"])


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One annotated quote: its trimmed span and the speaker's full name."""

    start: int
    end: int
    direct: bool
    reference: str


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _MARK_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARK_CHARS):
        end -= 1
    return start, end


def load_gold(gold_dir: Path) -> list[tuple[str, str, list[GoldQuote]]]:
    """(doc id, article text, gold quotes) for every article; quotes without a span are
    skipped (two in the GGT set)."""
    articles = []
    with (gold_dir / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = (gold_dir / row["text_file"]).read_text(encoding="utf-8")
            quotes = []
            for quote in row["quotes"]:
                if not quote.get("quote_span"):
                    continue
                start, end = _trimmed(text, *quote["quote_span"])
                if end <= start:
                    continue
                direct = any(mark in quote["quote"] for mark in _DIRECT_MARKS)
                quotes.append(GoldQuote(start, end, direct, quote.get("reference") or ""))
            articles.append((row["doc_id"], text, quotes))
    return articles


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """|a ∩ b| / max(|a|, |b|) in characters."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / max(a[1] - a[0], b[1] - b[0])


def match(
    gold: list[tuple[int, int]], predicted: list[tuple[int, int]], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, greedily by overlap >= threshold."""
    pairs = []
    for g, gold_span in enumerate(gold):
        for p, predicted_span in enumerate(predicted):
            score = overlap(gold_span, predicted_span)
            if score >= threshold:
                pairs.append((score, g, p))
    pairs.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_gold, used_predicted, matched = set(), set(), []
    for _, g, p in pairs:
        if g in used_gold or p in used_predicted:
            continue
        used_gold.add(g)
        used_predicted.add(p)
        matched.append((g, p))
    return matched


def normal_name(name: str) -> list[str]:
    """Lower-case words of a name without accents, honorifics, leading articles, a possessive
    or a trailing corporate suffix ("Samsung Electronics Co." is "Samsung Electronics")."""
    name = unicodedata.normalize("NFKD", name.lower())
    name = "".join(char for char in name if not unicodedata.combining(char))
    name = re.sub(r"[\u2019']s\b", "", name)
    words = re.findall(r"[a-z0-9\u00c0-\u024f]+", name)
    while words and (words[0] in _HONORIFICS or words[0] in ("the", "a", "an")):
        words = words[1:]
    while len(words) > 1 and words[-1] in _CORPORATE_SUFFIXES:
        words = words[:-1]
    return words


def same_speaker(predicted: str | None, reference: str) -> bool:
    """Whether our speaker names the gold person (see the module's definition)."""
    if not predicted:
        return False
    ours, gold = normal_name(predicted), normal_name(reference)
    if not ours or not gold:
        return False
    if ours == gold:
        return True
    if len(ours) >= 2 and set(ours) <= set(gold) and ours[-1] == gold[-1]:
        return True
    return len(gold) >= 2 and set(gold) <= set(ours) and ours[-1] == gold[-1]


def _kept(quotes: list[Quote]) -> list[Quote]:
    """Quotes without those wholly inside another one (the same utterance, scored once)."""
    kept = []
    for quote in quotes:
        inner = any(
            other is not quote
            and other.start <= quote.start
            and quote.end <= other.end
            and (other.end - other.start) > (quote.end - quote.start)
            for other in quotes
        )
        if not inner:
            kept.append(quote)
    return kept


def _contains_marked(quote: Quote, text: str) -> bool:
    """Whether a predicted quote is in the direct subset: its span, with the characters just
    around it (our quotes exclude their own marks), holds a quotation mark."""
    return any(mark in text[max(0, quote.start - 1) : quote.end + 1] for mark in _DIRECT_MARKS)


# --------------------------------------------------------------------------------------------
# Stand-ins used until (or where) the layout parser and the entity resolver are unavailable


# --------------------------------------------------------------------------------------------
# Scoring


def _prf(matched: int, predicted: int, gold: int) -> dict[str, float]:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_quotes(gold_dir: Path, nlp: Language, *, doc_ids: Iterable[str] | None = None) -> dict:
    """Score `extract_quotes` on the gold set in ``gold_dir`` (see the module's definitions).

    Returns ``{"articles", "gold", "predicted", "all": {...}, "direct": {...},
    "speaker_accuracy", "speaker_matched", "speaker_accuracy_listed", "speaker_listed",
    "errors": [...]}``, where ``all`` and ``direct`` map
    ``"0.3"``/``"0.8"`` to precision, recall and F1. ``doc_ids`` restricts to some articles
    (for held-out development).
    """
    articles = load_gold(Path(gold_dir))
    if doc_ids is not None:
        wanted = set(doc_ids)
        articles = [article for article in articles if article[0] in wanted]
    parsed = [parse_article(text) for _, text, _ in articles]
    totals = {subset: {str(t): [0, 0, 0] for t in THRESHOLDS} for subset in ("all", "direct")}
    speaker_right = speaker_total = 0
    listed_right = listed_total = 0
    errors: list[dict] = []
    docs = nlp.pipe([article.source for article in parsed])
    for (doc_id, text, gold), article, doc in zip(articles, parsed, docs, strict=True):
        entities = extract_entities(doc, article)
        quotes = _kept(extract_quotes(doc, article, entities, indirect=True))
        subsets = {
            "all": (gold, quotes),
            "direct": (
                [g for g in gold if g.direct],
                [q for q in quotes if _contains_marked(q, text)],
            ),
        }
        for subset, (gold_quotes, predicted) in subsets.items():
            gold_spans = [(g.start, g.end) for g in gold_quotes]
            predicted_spans = [_trimmed(text, q.start, q.end) for q in predicted]
            for threshold in THRESHOLDS:
                pairs = match(gold_spans, predicted_spans, threshold)
                counts = totals[subset][str(threshold)]
                counts[0] += len(pairs)
                counts[1] += len(predicted_spans)
                counts[2] += len(gold_spans)
                if subset == "all" and threshold == THRESHOLDS[0]:
                    for g, p in pairs:
                        quote = predicted[p]
                        ours = quote.speaker or quote.speaker_text
                        right = same_speaker(ours, gold_quotes[g].reference)
                        speaker_total += 1
                        speaker_right += right
                        if any(same_speaker(e.name, gold_quotes[g].reference) for e in entities):
                            listed_total += 1
                            listed_right += right
                        if not right:
                            errors.append(_error("speaker", doc_id, text, gold_quotes[g], quote))
                    matched_gold = {g for g, _ in pairs}
                    matched_predicted = {p for _, p in pairs}
                    for g, gold_quote in enumerate(gold_quotes):
                        if g not in matched_gold:
                            errors.append(_error("missed", doc_id, text, gold_quote, None))
                    for p, quote in enumerate(predicted):
                        if p not in matched_predicted:
                            errors.append(_error("spurious", doc_id, text, None, quote))
    result: dict = {
        "articles": len(articles),
        "gold": totals["all"]["0.3"][2],
        "predicted": totals["all"]["0.3"][1],
        "speaker_matched": speaker_total,
        "speaker_accuracy": speaker_right / speaker_total if speaker_total else 0.0,
        "speaker_listed": listed_total,
        "speaker_accuracy_listed": listed_right / listed_total if listed_total else 0.0,
        "errors": errors,
    }
    for subset, by_threshold in totals.items():
        result[subset] = {threshold: _prf(*counts) for threshold, counts in by_threshold.items()}
        result[subset]["gold"] = by_threshold["0.3"][2]
        result[subset]["predicted"] = by_threshold["0.3"][1]
    return result


def _error(kind: str, doc_id: str, text: str, gold: GoldQuote | None, quote: Quote | None):
    error: dict = {"error": kind, "doc_id": doc_id}
    if gold is not None:
        error["gold"] = text[gold.start : gold.end]
        error["reference"] = gold.reference
    if quote is not None:
        error["predicted"] = quote.text
        error["kind"] = quote.kind
        error["speaker"] = quote.speaker
        error["speaker_text"] = quote.speaker_text
    return error


def format_quote_report(scores: dict) -> str:
    """A plain-text table of `score_quotes`' result."""
    lines = [
        f"Quotes: {scores['articles']} articles, {scores['gold']} gold, "
        f"{scores['predicted']} predicted",
        f"{'subset':<8} {'gold':>5} {'pred':>5}  "
        + "  ".join(f"{'P@' + t:>7} {'R@' + t:>7} {'F1@' + t:>7}" for t in ("0.3", "0.8")),
    ]
    for subset in ("all", "direct"):
        row = scores[subset]
        cells = "  ".join(
            f"{row[t]['precision']:>7.3f} {row[t]['recall']:>7.3f} {row[t]['f1']:>7.3f}"
            for t in ("0.3", "0.8")
        )
        lines.append(f"{subset:<8} {row['gold']:>5} {row['predicted']:>5}  {cells}")
    lines.append(
        f"speaker accuracy: {scores['speaker_accuracy']:.3f} "
        f"over {scores['speaker_matched']} quotes matched at 0.3; "
        f"{scores['speaker_accuracy_listed']:.3f} over the {scores['speaker_listed']} whose "
        "speaker the entity list names"
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Rows for the shared scorer


def load_gold_rows(gold_dir: Path) -> list[dict]:
    """The rows of ``gold_dir/gold.jsonl``, in file order."""
    lines = (gold_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def served_quote_rows(quotes: Iterable) -> list[dict]:
    """The shared scorer's quotes of one article from its served quotes (`api.models.Quote`
    or anything with ``kind``, ``start``, ``end``, ``speaker``, ``speaker_text``), in order.

    ``speaker`` is the served speaker's name, or the words as written where the quote has no
    speaker record; ``direct`` is false for reported speech. A quote in marks that lies inside
    a served reported quote belongs to that unit, as the gold counts it, and is left out (the
    enclosing reported quote is scored).
    """
    quotes = list(quotes)
    reported = [(q.start, q.end) for q in quotes if q.kind == "indirect"]
    rows = []
    for quote in quotes:
        if quote.kind != "indirect" and any(
            start <= quote.start and quote.end <= end for start, end in reported
        ):
            continue
        speaker = quote.speaker.name if quote.speaker is not None else quote.speaker_text
        direct = quote.kind != "indirect"
        rows.append({"start": quote.start, "end": quote.end, "speaker": speaker, "direct": direct})
    return rows


def shared_prediction_rows(
    gold_dir: Path, nlp: Language, gold_rows: list[dict] | None = None
) -> list[dict]:
    """One ``{"doc_id", "quotes": [{"start", "end", "speaker", "direct"}]}`` row per gold
    article: its quotes exactly as ``GET /v1/articles/{id}`` would serve them after ingesting
    the article's file (`served_quote_rows`). A file the pipeline refuses gets no quotes."""
    from api.services.build import build_article
    from api.services.resolution import transient_entities

    rows = gold_rows if gold_rows is not None else load_gold_rows(gold_dir)
    files = (
        ArticleFile((gold_dir / row["text_file"]).read_bytes(), row["text_file"]) for row in rows
    )
    predicted = []
    for row, outcome in zip(rows, extract_articles(files, nlp), strict=True):
        quotes: list[dict] = []
        if not isinstance(outcome, Refused):
            article = build_article(outcome, transient_entities(outcome.entities))
            quotes = served_quote_rows(article.quotes)
        predicted.append({"doc_id": row["doc_id"], "quotes": quotes})
    return predicted


def write_shared_format(gold_dir: Path, nlp: Language, out_dir: Path) -> dict[str, Path]:
    """Write ``quotes-pred.jsonl`` (`shared_prediction_rows`) and, per split, the gold rows of
    that split (``quotes-gold-dev.jsonl``, ``-held-out``, ``-all``) into ``out_dir``, for
    ``score_quotes.py GOLD PRED`` (`api.evaluation.holdout.write_shared_format`). Returns the
    paths by name (``"pred"`` and each split)."""
    gold_rows = load_gold_rows(gold_dir)
    predicted = shared_prediction_rows(gold_dir, nlp, gold_rows)
    return holdout.write_shared_format(
        out_dir, "quotes", predicted, gold_rows, gold_ensure_ascii=False
    )
