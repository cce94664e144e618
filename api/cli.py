"""The ``newsdesk`` command: a Flask CLI group bound to the app factory.

Flask gives ``run`` and ``shell``, Flask-Migrate ``db`` (``newsdesk db upgrade``) and
flask-smorest ``openapi`` (``newsdesk openapi write openapi.yaml``); this module adds ``serve``,
``ingest``, ``extract`` and ``eval``, and ``db recount``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from importlib.metadata import version
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app() -> Flask:
    from api import create_app

    return create_app()


#: Commands of Flask and its extensions that are not newsdesk's to offer an operator.
HIDDEN_COMMANDS = frozenset({"shell", "routes", "limiter"})
#: Flask-Migrate's commands for writing migrations (newsdesk's are written by hand, with their
#: own SQL): ``db`` keeps upgrade, downgrade, current, history, heads, show, check and recount.
HIDDEN_DB_COMMANDS = ("init", "revision", "migrate", "edit", "merge", "stamp", "branches",
                      "list-templates")


class NewsdeskGroup(FlaskGroup):
    """Flask's CLI group, showing newsdesk's commands only."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in super().list_commands(ctx) if name not in HIDDEN_COMMANDS]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return None if name in HIDDEN_COMMANDS else super().get_command(ctx, name)


# The spec is committed as YAML, so that is what ``openapi write`` and ``openapi print`` produce
# unless told otherwise.
cli = NewsdeskGroup(
    name="newsdesk",
    create_app=_create_app,
    add_version_option=False,
    help="newsdesk: a self-hosted REST API for structured news data.\n\n"
    "Configured by NEWSDESK_* environment variables (see the README). Start with `newsdesk db "
    "upgrade`, `newsdesk ingest FOLDER` and `newsdesk serve`.",
    context_settings={
        "default_map": {"openapi": {"print": {"format": "yaml"}}}
    },
)
# Flask's --app and --env-file options load another application: not this command's business.
cli.params = [param for param in cli.params if param.name not in ("app", "env_file")]
cli = click.version_option(version("newsdesk"), "--version", prog_name="newsdesk",
                           message="%(prog)s %(version)s")(cli)


def main() -> None:
    cli.main()


def require_schema() -> None:
    """Stop with a clear message, before anything is read or written, when the database is not
    at the schema these migrations make: a new database (``newsdesk db upgrade`` not run yet),
    one an upgrade of newsdesk has not migrated, or one a newer newsdesk migrated."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from api import MIGRATIONS
    from api.db import db

    script = ScriptDirectory(str(MIGRATIONS))
    heads = set(script.get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
        where = connection.engine.url.render_as_string(hide_password=True)
    if current == heads:
        return
    known = {revision.revision for revision in script.walk_revisions()}
    if not current:
        state = "has no newsdesk tables yet"
    elif current <= known:
        state = f"is at migration {', '.join(sorted(current))}, before this version's " \
                f"{', '.join(sorted(heads))}"
    else:
        raise click.ClickException(
            f"the database {where} is at migration {', '.join(sorted(current))}, which this "
            "version of newsdesk does not know (a newer newsdesk migrated it)")
    raise click.ClickException(f"the database {where} {state}: run `newsdesk db upgrade` first")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=int, envvar="PORT", default=8000, show_default=True,
              help="Port to bind (also $PORT).")
@click.option("--workers", type=int, default=2, show_default=True, help="Gunicorn workers.")
@click.option("--threads", type=int, default=4, show_default=True,
              help="Requests each worker answers at once.")
@click.option("--read-timeout", type=int, envvar="NEWSDESK_READ_TIMEOUT", default=10,
              show_default=True,
              help="Seconds a client may send nothing mid-request (also $NEWSDESK_READ_TIMEOUT).")
def serve_command(host: str, port: int, workers: int, threads: int, read_timeout: int) -> None:
    """Serve the API with gunicorn (production server): threaded workers (see api/server.py);
    one JSON log line per request on stderr.

    Put a buffering proxy such as nginx in front in production (see the README)."""
    os.environ["NEWSDESK_READ_TIMEOUT"] = str(read_timeout)
    with _create_app().app_context():
        require_schema()  # else every request would be a 500 from a missing table
    argv = [sys.executable, "-m", "gunicorn", "--worker-class", "api.server.Worker",
            "--workers", str(workers), "--threads", str(threads), "--bind", f"{host}:{port}",
            # gunicorn's largest request line (its default, 4,094, cut off long filtered URLs
            # before the app could answer them).
            "--limit-request-line", "8190", "api:create_app()"]
    os.execv(sys.executable, argv)


# On the group itself, not the app's: gunicorn's workers build their own app; this process
# builds one only to check the database's schema, then becomes gunicorn.
cli.add_command(serve_command)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--workers", type=int, default=lambda: os.cpu_count() or 1,
              help="Extraction processes (default: one per core).")
@with_appcontext
def ingest_command(paths: tuple[Path, ...], workers: int) -> None:
    """Ingest article files and folders (recursively).

    Prints a summary of ingested, unchanged and failed files, with reasons; exits with status 1
    when any file failed. Each file is stored in its own transaction: running the same command
    again after a crash completes the batch.
    """
    require_schema()
    from api.extract.parallel import fork_server
    from api.extract.pipeline_types import ArticleFile
    from api.services.ingest import Failed, files_under, ingest_many

    counts = {"ingested": 0, "unchanged": 0, "failed": 0}
    failures: list[Failed] = []
    warnings: list[tuple[str | None, str]] = []
    # The workers' model loads while this process reads and hashes the files.
    with fork_server(workers):
        files = list(files_under(paths))
        articles = (ArticleFile(path.read_bytes(), str(path)) for path in files)
        pace = _Pace(len(files))
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr,
                               show_pos=True, show_eta=False,
                               item_show_func=lambda _item: pace.describe()) as bar:
            for outcome in ingest_many(articles, workers=workers,
                                       max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
                                       on_progress=lambda _file: (pace.step(), bar.update(1))):
                if isinstance(outcome, Failed):
                    counts["failed"] += 1
                    failures.append(outcome)
                else:
                    counts["ingested" if outcome.created else "unchanged"] += 1
                    if outcome.created:
                        warnings += [(outcome.article.filename, warning)
                                     for warning in outcome.article.warnings]
    click.echo(", ".join(f"{count} {what}" for what, count in counts.items()))
    for filename, warning in warnings:
        click.echo(f"warning: {filename}: {warning}", err=True)
    for failure in failures:
        click.echo(f"failed: {failure.filename}: {failure.reason}", err=True)
    if failures:
        sys.exit(1)


class _Pace:
    """The progress bar's rate and time left, counted from the first file done: the model's
    loading before it is not the pace of the batch."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.first = total, 0, 0.0

    def step(self) -> None:
        self.done += 1
        if self.done == 1:
            self.first = time.monotonic()

    def describe(self) -> str:
        elapsed = time.monotonic() - self.first
        if self.done < 2 or elapsed <= 0:
            return ""
        rate = (self.done - 1) / elapsed
        left = int((self.total - self.done) / rate)
        return f"{rate:.1f} files/s, {left // 60:02d}:{left % 60:02d} left"


@click.command("reextract")
@click.option("--all", "every", is_flag=True,
              help="Every article, not only those an older extractor version produced.")
@click.option("--id", "ids", type=int, multiple=True, help="Only this article (repeatable).")
@click.option("--from", "since", type=click.DateTime(["%Y-%m-%d"]),
              help="Only articles published on or after this date.")
@click.option("--to", "until", type=click.DateTime(["%Y-%m-%d"]),
              help="Only articles published on or before this date.")
@click.option("--category", help="Only articles of this category (any case).")
@click.option("--workers", type=int, default=lambda: os.cpu_count() or 1,
              help="Extraction processes (default: one per core).")
@with_appcontext
def reextract_command(every: bool, ids: tuple[int, ...], since, until, category: str | None,
                      workers: int) -> None:
    """Run the current extractor over stored articles, keeping their ids.

    By default the articles an older extractor version produced; --all for every article.
    Each article is replaced in its own transaction: after an interruption, run the same
    command again to complete it. Exits with status 1 when any article failed.
    """
    require_schema()
    from api.db import db
    from api.extract.pipeline import EXTRACTOR_VERSION
    from api.services.reextract import NotReextracted, articles_to_reextract, reextract_many

    article_ids = list(db.session.scalars(articles_to_reextract(
        EXTRACTOR_VERSION, every=every, ids=ids, category=category,
        since=since.date() if since else None, until=until.date() if until else None)))
    db.session.commit()  # no transaction stays open while the workers extract
    done = failed = created = removed = kept = 0
    failures: list[NotReextracted] = []
    with click.progressbar(length=len(article_ids), label=f"Re-extracting ({EXTRACTOR_VERSION})",
                           file=sys.stderr) as bar:
        for outcome in reextract_many(article_ids, workers=workers,
                                      on_progress=lambda _id: bar.update(1)):
            if isinstance(outcome, NotReextracted):
                failed += 1
                failures.append(outcome)
                continue
            done += 1
            kept, created, removed = (kept + outcome.kept, created + outcome.created,
                                      removed + outcome.removed)
    click.echo(f"{done} re-extracted, {failed} failed; entity links kept {kept}; "
               f"entities created {created}, removed {removed}")
    for failure in failures:
        click.echo(f"failed: article {failure.article_id}: {failure.reason}", err=True)
    if failures:
        sys.exit(1)


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                  path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print each article as GET /v1/articles/{id} would, one JSON object a line.")
@with_appcontext
def extract_command(files: tuple[Path, ...], as_json: bool) -> None:
    """Extract article files without a database and print what comes out."""
    from api.extract.nlp import load_nlp
    from api.extract.pipeline import ArticleFile, Refused, extract_articles
    from api.services.build import build_article
    from api.services.resolution import transient_entities
    from schemas.articles import ArticleSchema

    schema = ArticleSchema()
    failed = False
    inputs = (ArticleFile(path.read_bytes(), str(path)) for path in files)
    for outcome in extract_articles(inputs, load_nlp(),
                                    max_bytes=current_app.config["MAX_CONTENT_LENGTH"]):
        if isinstance(outcome, Refused):
            click.echo(f"refused: {outcome.file.filename}: {outcome.reason}", err=True)
            failed = True
            continue
        document = schema.dump(build_article(outcome, transient_entities(outcome.entities)))
        if as_json:
            click.echo(json.dumps(document, ensure_ascii=False))
        else:
            click.echo(_outline(document))
    if failed:
        sys.exit(1)


def _outline(document: dict) -> str:
    """A short human-readable view of an extracted article."""
    lines = [f"{document['headline']}  ({document['published']}, {document['category']})"]
    for section in document["sections"]:
        lines.append(f"  [{section['label'] or 'body'}] {len(section['blocks'])} blocks")
    for quote in document["quotes"]:
        speaker = quote["speaker"]["name"] if quote["speaker"] else "?"
        lines.append(f"  {quote['kind']:8} {speaker}: {quote['text'][:70]}")
    return "\n".join(lines)


@click.group("eval")
def eval_group() -> None:
    """Score extraction against a gold set."""


@eval_group.command("quotes")
@click.option("--gold", "gold_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with gold.jsonl and txt/ (e.g. ../shared/gold/quotes-ggt).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--shared-format", "shared_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Instead, write the rows of ../shared/eval/score_quotes.py into this folder: "
                   "quotes-pred.jsonl (the quotes as served) and the gold of each split "
                   "(quotes-gold-dev.jsonl, -held-out, -all).")
def eval_quotes_command(gold_dir: Path, as_json: bool, shared_dir: Path | None) -> None:
    """Score quote spans and speakers (P/R/F1 at 0.3 and 0.8 overlap, speaker accuracy)."""
    from api.evaluation.quotes import format_quote_report, score_quotes, write_shared_format
    from api.extract.nlp import load_nlp

    if shared_dir is not None:
        for name, path in write_shared_format(gold_dir, load_nlp(), shared_dir).items():
            click.echo(f"{name}: {path}")
        return
    scores = score_quotes(gold_dir, load_nlp())
    click.echo(json.dumps(scores, indent=2) if as_json else format_quote_report(scores))


@eval_group.command("entities")
@click.option("--gold", "gold_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with entities.jsonl and txt/ (e.g. ../shared/gold/ner-gum).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--shared-format", "shared_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Instead, write the rows of ../shared/eval/score_entities.py into this folder: "
                   "entities-pred.jsonl and the gold of each split (entities-gold-dev.jsonl, "
                   "-held-out, -all).")
def eval_entities_command(gold_dir: Path, as_json: bool, shared_dir: Path | None) -> None:
    """Score each article's entity list against the gold set."""
    from api.evaluation.entities import format_entity_report, score_entities, write_shared_format
    from api.extract.nlp import load_nlp

    if shared_dir is not None:
        for name, path in write_shared_format(gold_dir, load_nlp(), shared_dir).items():
            click.echo(f"{name}: {path}")
        return
    scores = score_entities(gold_dir, load_nlp())
    click.echo(json.dumps(scores, indent=2) if as_json else format_entity_report(scores))


@eval_group.command("html")
@click.option("--corpus", "corpus", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with gold.jsonl and html/ (e.g. ../shared/corpus/html).")
@click.option("--scorer", "scorer", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="score_html.py (default: ../eval/score_html.py beside the corpus' folder).")
@click.option("--system", type=click.Choice(["newsdesk", "trafilatura"]), default="newsdesk",
              show_default=True, help="Score newsdesk's reader, or trafilatura alone.")
@click.option("--pred", "pred_out", type=click.File("w"),
              help="Also write newsdesk's pred rows (JSON Lines) for the scorer, here.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@with_appcontext
def eval_html_command(corpus: Path, scorer: Path | None, system: str, pred_out,
                      as_json: bool) -> None:
    """Score HTML pages (title, authors, date, body, subheadings, captions) with the shared
    score_html.py: dev pages, held-out pages and all."""
    from api.evaluation.html import format_html_report, pred_rows, score_pages

    scorer = scorer or corpus.parent.parent / "eval" / "score_html.py"
    scores = score_pages(corpus, scorer, system=system)
    if pred_out is not None:
        for row in pred_rows(corpus):
            pred_out.write(json.dumps(row, ensure_ascii=False) + "\n")
    click.echo(json.dumps(scores, indent=2) if as_json else format_html_report(scores, system))


def _port_range(_ctx, _param, value: str) -> range:
    first, _, last = value.partition("-")
    try:
        return range(int(first), int(last or first) + 1)
    except ValueError:
        raise click.BadParameter("expected FIRST-LAST, e.g. 8600-8699") from None


@eval_group.command("records")
@click.option("--gold", "gold_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with gold.jsonl and txt/ (e.g. ../shared/gold/quotes-ggt).")
@click.option("--scorer", "scorer", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="score_speaker_records.py (default: ../../eval/ beside the gold folder).")
@click.option("--ports", "ports", default="8600-8699", show_default=True,
              callback=_port_range, help="Loopback ports the temporary server may bind.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_records_command(gold_dir: Path, scorer: Path | None, ports: range,
                         as_json: bool) -> None:
    """Score speaker records across an archive with the shared score_speaker_records.py: the
    gold texts ingested into a temporary SQLite archive, served on a loopback port, scored on
    the dev articles, the held-out ones and all; the server stopped afterwards."""
    from api.evaluation.records import format_records_report, score_records

    scorer = scorer or gold_dir.resolve().parent.parent / "eval" / "score_speaker_records.py"
    scores = score_records(gold_dir, scorer, ports)
    click.echo(json.dumps(scores, indent=2) if as_json else format_records_report(scores))


@click.command("export")
@click.argument("kind", type=click.Choice(["articles", "quotes", "entities"]))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--query", default="", metavar="FILTERS",
              help="The list's filters as in its URL, e.g. 'speaker=3&kind=direct'.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write (default: standard output).")
@with_appcontext
def export_command(kind: str, fmt: str, query: str, output) -> None:
    """Export every article, quote or entity the filters select, as JSON Lines or CSV,
    streamed in constant memory (the same rows as GET /v1/KIND/export)."""
    require_schema()
    from urllib.parse import parse_qs

    from marshmallow import ValidationError, fields
    from werkzeug.datastructures import MultiDict

    from api.services.export import export_lines, export_statement
    from schemas.articles import ArticleExportArgsSchema
    from schemas.entities import EntityExportArgsSchema, QuoteExportArgsSchema

    schema = {"articles": ArticleExportArgsSchema, "quotes": QuoteExportArgsSchema,
              "entities": EntityExportArgsSchema}[kind]()
    pairs = [(key, value) for key, values in parse_qs(query).items() for value in values]
    raw = MultiDict(pairs)
    try:
        # The list fields (entity, facets) read every value, as webargs does for a URL.
        args = schema.load({key: raw.getlist(key) if type(schema.fields.get(key)) is fields.List
                            else raw[key] for key in raw}, unknown="exclude")
    except ValidationError as error:
        raise click.BadParameter(json.dumps(error.messages), param_hint="--query") from None
    for chunk in export_lines(kind, export_statement(kind, args), fmt):
        output.write(chunk)


@click.command("recount")
@with_appcontext
def recount_command() -> None:
    """Recompute every entity's counters (articles, mentions, quotes, first and last seen), the
    per-day and per-month entity totals, the article count, and the links' and quotes' copies
    of their article's date."""
    require_schema()
    from api.db import db
    from api.services.entities import recount_all
    from api.services.version import bump

    recount_all()
    bump()
    db.session.commit()
    click.echo("entity counters recomputed")


@click.command("write")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "yaml"]), default="yaml",
              show_default=True)
@click.argument("output_file", type=click.File(mode="w"))
@with_appcontext
def openapi_write_command(fmt: str, output_file) -> None:
    """Write the OpenAPI document to a file, byte for byte what `openapi print` shows."""
    import yaml

    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    text = json.dumps(spec, indent=2) if fmt == "json" else yaml.dump(spec)
    # flask-smorest's `print` ends the document with one more newline than its `write` did;
    # writing what `print` shows keeps `openapi print | diff - openapi.yaml` empty.
    output_file.write(text + "\n")


def register_commands(app: Flask) -> None:
    """Add newsdesk's own commands to the app's CLI."""
    app.cli.commands["openapi"].add_command(openapi_write_command)
    for command in (ingest_command, reextract_command, extract_command, eval_group,
                    export_command):
        app.cli.add_command(command)
    # Beside Flask-Migrate's upgrade and check: ``newsdesk db recount``.
    from flask_migrate.cli import db as db_group

    db_group.add_command(recount_command)
    for name in HIDDEN_DB_COMMANDS:
        db_group.commands.pop(name, None)
