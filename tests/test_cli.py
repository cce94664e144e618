"""The ``newsdesk`` command line: ingest, extract, and the spec."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEED

WIRE = "Storm hits coast\n\nA storm hit the coast on Monday, officials said.\n"


@pytest.fixture
def folder(tmp_path):
    """A folder of articles: the seed, a nested wire story, an empty and a binary file."""
    (tmp_path / "nested").mkdir()
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "nested" / "wire.txt").write_text(WIRE)
    (tmp_path / "nested" / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return tmp_path


def test_ingest_keeps_going_past_bad_files_and_reports_them(runner, client, folder):
    result = runner.invoke(args=["ingest", "--workers", "1", str(folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "2 ingested, 0 unchanged, 2 failed" in lines
    assert f"failed: {folder / 'image.png'}: the file is binary (it holds NUL bytes), not text" in (
        lines)
    assert f"failed: {folder / 'nested' / 'empty.txt'}: the file is empty" in lines
    assert client.get("/v1/articles").get_json()["total"] == 2

    again = runner.invoke(args=["ingest", "--workers", "1", str(folder / "seed.txt"),
                                str(folder / "nested" / "wire.txt")])
    assert again.exit_code == 0
    assert "0 ingested, 2 unchanged, 0 failed" in again.output.splitlines()
    assert client.get("/v1/articles").get_json()["total"] == 2


def test_ingest_in_parallel_processes(runner, client, folder):
    (folder / "image.png").unlink()
    (folder / "nested" / "empty.txt").unlink()
    for n in range(4):
        (folder / f"wire{n}.txt").write_text(f"Story {n}\n\nParagraph {n} about Paris.\n")
    result = runner.invoke(args=["ingest", "--workers", "2", str(folder)])
    assert result.exit_code == 0, result.output
    assert "6 ingested, 0 unchanged, 0 failed" in result.output.splitlines()
    headlines = {a["headline"] for a in client.get("/v1/articles").get_json()["items"]}
    assert {"Story 0", "Story 3", "Storm hits coast"} <= headlines


def test_extract_prints_what_the_api_serves(runner, client, seeded):
    result = runner.invoke(args=["extract", "--json", str(SEED), str(SEED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    extracted = json.loads(lines[0])
    served = client.get(f"/v1/articles/{seeded['id']}").get_json()
    assert extracted["id"] is None
    assert extracted["filename"] == SEED.name  # the base name, never the server's path
    for quote in served["quotes"]:
        # Ids, the parent quote's too, exist in a database only.
        quote["id"] = quote["parent_id"] = None
        if quote["speaker"]:
            quote["speaker"]["id"] = None
    for entity in served["entities"]:
        entity["id"] = None
    served.update(id=None, filename=SEED.name)
    assert extracted == served


def test_extract_refuses_a_bad_file_and_goes_on(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    story = tmp_path / "story.txt"
    story.write_text(WIRE)
    result = runner.invoke(args=["extract", "--json", str(empty), str(story)])
    assert result.exit_code == 1
    assert f"refused: {empty}: the file is empty" in result.output
    documents = [json.loads(line) for line in result.output.splitlines()
                 if line.startswith("{")]
    assert [d["headline"] for d in documents] == ["Storm hits coast"]


def test_openapi_write(runner, tmp_path):
    target = tmp_path / "spec.yaml"
    result = runner.invoke(args=["openapi", "write", "--format", "yaml", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("components:")


# SQLite cannot reflect the PostgreSQL-only expression index on articles (published DESC NULLS
# LAST, id DESC), so alembic says it skips comparing it there; on PostgreSQL it is compared.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_models_and_migrations_agree(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_a_file_over_the_models_limit_is_stored_whole_and_the_batch_goes_on(
        app, runner, client, tmp_path, monkeypatch):
    """A text past spaCy's 1,000,000 characters once stopped the whole batch (E088 in
    ``nlp.pipe``); now the model reads its first NEWSDESK_MAX_ANALYSED_CHARS characters."""
    from tests.extract.test_analysed_bound import long_story

    monkeypatch.setenv("NEWSDESK_MAX_ANALYSED_CHARS", "20000")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 5 * 1024 * 1024)  # the default
    story = long_story(60_000)
    long_text = story + "\n".join([story.split("\n\n", 1)[1]] * (1_100_000 // len(story) + 1))
    assert len(long_text) > 1_000_000
    (tmp_path / "a_seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b_long.txt").write_text(long_text, encoding="utf-8")
    (tmp_path / "c_wire.txt").write_text(WIRE)
    result = runner.invoke(args=["ingest", "--workers", "1", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "3 ingested, 0 unchanged, 0 failed" in result.output.splitlines()
    items = client.get("/v1/articles?page_size=10").get_json()["items"]
    by_headline = {item["headline"]: item["id"] for item in items}
    assert set(by_headline) == {"A long story", "Storm hits coast",
                                "Blinken: U.S.-Russia could still find consensus"}
    long_id = by_headline["A long story"]
    assert client.get(f"/v1/articles/{long_id}/source").get_data(as_text=True) == long_text
    article = client.get(f"/v1/articles/{long_id}").get_json()
    assert article["warnings"][-1].startswith(f"the text is {len(long_text)} characters long")
    assert article["sections"][0]["blocks"][-1]["end"] == len(long_text.rstrip())
    assert article["quotes"] and max(q["end"] for q in article["quotes"]) <= 20_000


def test_ingest_lists_warnings_per_file_and_keeps_base_names(runner, client, folder):
    (folder / "image.png").unlink()
    (folder / "nested" / "empty.txt").unlink()
    (folder / "nested" / "headline.txt").write_text("Headline only\n")
    (folder / "nested" / "latin.txt").write_bytes(b"Caf\xe9 opens\n\nA caf\xe9 opened.\n")
    result = runner.invoke(args=["ingest", "--workers", "1", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "4 ingested, 0 unchanged, 0 failed" in lines
    assert [line for line in lines if line.startswith("warning: ")] == [
        "warning: headline.txt: no body text",
        "warning: latin.txt: the file is not valid UTF-8 (byte 3); it was read as cp1252",
    ]
    items = client.get("/v1/articles").get_json()["items"]
    assert sorted(item["filename"] for item in items) == [
        "headline.txt", "latin.txt", "seed.txt", "wire.txt"]


def test_version_and_help_are_newsdesks(runner):
    from importlib.metadata import version

    from api.cli import cli

    assert runner.invoke(cli, ["--version"]).output == f"newsdesk {version('newsdesk')}\n"
    shown = runner.invoke(cli, ["--help"]).output
    assert "Flask" not in shown and "--app" not in shown
    commands = shown.split("Commands:")[1].split()
    assert [word for word in commands if word in {"db", "eval", "extract", "ingest", "openapi",
                                                  "run", "serve", "shell", "routes", "limiter"}
            ] == ["db", "eval", "extract", "ingest", "openapi", "run", "serve"]
    db_help = runner.invoke(cli, ["db", "--help"]).output.split("Commands:")[1]
    assert [line.split()[0] for line in db_help.strip().splitlines()] == [
        "check", "current", "downgrade", "heads", "history", "recount", "show", "upgrade"]


@pytest.mark.parametrize("command", [["ingest", "{seed}"], ["reextract", "--all"],
                                     ["export", "quotes"], ["db", "recount"]])
def test_a_database_without_the_schema_is_refused_and_left_alone(command, tmp_path):
    """A command that reads or writes the archive, on a database `newsdesk db upgrade` has not
    made (here a new SQLite file): a clear error naming the fix, exit status 1, nothing made."""
    from sqlalchemy import create_engine, inspect

    from api import create_app

    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "NEWSDESK_RESPONSE_CACHE_BYTES": 0})
    args = [arg.format(seed=SEED) for arg in command]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1, result.output
    assert result.output == (f"Error: the database {url} has no newsdesk tables yet: run "
                             "`newsdesk db upgrade` first\n")
    assert inspect(create_engine(url)).get_table_names() == []


def test_a_database_an_upgrade_has_not_migrated_is_refused(tmp_path):
    from alembic.script import ScriptDirectory

    from api import MIGRATIONS, create_app

    head = ScriptDirectory(MIGRATIONS).get_current_head()

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "NEWSDESK_RESPONSE_CACHE_BYTES": 0})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0001"]).exit_code == 0
    result = runner.invoke(args=["ingest", str(SEED)])
    assert result.exit_code == 1, result.output
    assert result.output == (f"Error: the database {url} is at migration 0001, before this "
                             f"version's {head}: run `newsdesk db upgrade` first\n")
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["ingest", "--workers", "1", str(SEED)]).exit_code == 0
