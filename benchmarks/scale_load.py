"""Build a benchmark database of N distinct articles derived from the extracted base corpus.

How (fast, and generic over the schema, so new columns, triggers and generated columns work):

1. the real migrations, on an empty database (a SQLite file, or a PostgreSQL schema);
2. the base articles (up to the 2,267 stories) stored with the real ``api.services.ingest.store``,
   each with a distinct SHA-256, a publication date spread over ten years and its BBC category;
3. copies ``k = 1, 2, ...`` of them made in SQL: ``INSERT ... SELECT`` per table (Core, reflected
   tables), every row's id and every foreign key to a copied table shifted by ``k * max(id)``, and
   the article's ``sha256``, ``filename`` and ``published`` taken from a table of variants. Every
   table that refers (directly or through another) to ``articles`` is copied, whatever its
   columns; entities are shared, as in real news. Source texts and offsets are untouched, so
   every span stays consistent; triggers fire (FTS5) and generated columns fill themselves
   (tsvector), exactly as for rows the ORM inserts;
4. ANALYZE (and ``PRAGMA optimize`` on SQLite); a ``bench_info`` row records what was built, so
   that a later run reuses the database when its size, schema revision and corpus still match.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    create_engine,
    func,
    insert,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.engine import make_url

from api import MIGRATIONS, create_app
from api.db import db
from api.extract.records import ExtractedArticle

LOADER_VERSION = "6"
"""Bumped whenever a change here changes the databases it builds (forces a rebuild)."""

FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3653  # ten years of publication dates
DAY_STEP = 1103  # prime to DAYS: consecutive ids land on days far apart, every day is used
VARIANTS = "bench_variants"
INFO = "bench_info"


def published_for(article_id: int) -> dt.date:
    """A deterministic publication date, spread evenly over ten years."""
    return FIRST_DAY + dt.timedelta(days=(article_id * DAY_STEP) % DAYS)


def sha256_for(base_sha: str, base_id: int, variant: int) -> str:
    """A distinct identity per copy (the corpus holds a few duplicate stories: base_id too)."""
    return hashlib.sha256(f"{base_sha}:{base_id}:{variant}".encode()).hexdigest()


@dataclass(frozen=True)
class Target:
    """One benchmark database: an engine, a size, and how to reach it."""

    engine: str  # "sqlite" | "postgresql"
    size: int
    url: str
    schema: str | None = None  # PostgreSQL: the schema that holds this size's tables

    def app(self) -> Flask:
        options: dict = {"pool_pre_ping": True}
        if self.schema:
            options["connect_args"] = {"options": f"-csearch_path={self.schema}"}
        # No response cache: a repeated request would be answered from memory, and the
        # harness is here to time the queries behind it as the archive grows.
        return create_app({"SQLALCHEMY_DATABASE_URI": self.url,
                           "SQLALCHEMY_ENGINE_OPTIONS": options,
                           "NEWSDESK_RESPONSE_CACHE_BYTES": 0})

    @property
    def label(self) -> str:
        return f"{self.engine} {self.size:,}"


def sqlite_target(folder: Path, size: int) -> Target:
    return Target("sqlite", size, f"sqlite:///{folder / f'scale-{size}.sqlite3'}")


def postgres_target(url: str, size: int) -> Target:
    return Target("postgresql", size, url, schema=f"scale_{size}")


def corpus_key(base: Sequence[ExtractedArticle]) -> str:
    digest = hashlib.sha256()
    for record in base:
        digest.update(record.sha256.encode())
        digest.update(record.extractor_version.encode())
    return digest.hexdigest()[:16]


def _head_revision() -> str:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config).get_current_head() or ""


def _wanted_info(target: Target, base: Sequence[ExtractedArticle]) -> dict:
    return {"size": target.size, "revision": _head_revision(), "corpus": corpus_key(base),
            "loader": LOADER_VERSION}


def existing_info(target: Target) -> dict | None:
    """What ``bench_info`` says about the database, or None where there is no built database."""
    if target.engine == "sqlite" and not Path(make_url(target.url).database).exists():
        return None
    engine = _engine(target)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(INFO):
                return None
            value = connection.scalar(text(f"SELECT value FROM {INFO}"))
            return json.loads(value) if value else None
    except Exception:  # no such schema, or a half-built database: build it again
        return None
    finally:
        engine.dispose()


def _engine(target: Target):
    if target.schema:
        return create_engine(target.url,
                             connect_args={"options": f"-csearch_path={target.schema}"})
    return create_engine(target.url)


def _reset(target: Target) -> None:
    """An empty database: the SQLite file removed, or the PostgreSQL schema dropped and made."""
    if target.engine == "sqlite":
        path = Path(make_url(target.url).database)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    engine = create_engine(target.url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{target.schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{target.schema}"'))
    finally:
        engine.dispose()


def ensure_database(target: Target, corpus: Sequence[ExtractedArticle], *,
                    rebuild: bool = False) -> float | None:
    """Build the database unless an up-to-date one is there; the seconds it took, or None."""
    base = base_articles(corpus, target.size)
    wanted = _wanted_info(target, base)
    if not rebuild and existing_info(target) == wanted:
        return None
    started = time.perf_counter()
    _reset(target)
    app = target.app()
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=wanted["revision"])
        _load(target, base, wanted)
        db.session.remove()
        db.engine.dispose()
    return time.perf_counter() - started


def base_articles(corpus: Sequence[ExtractedArticle], size: int) -> list[ExtractedArticle]:
    """The stories the copies are made of: all of them, or an even spread for a smaller size."""
    if size >= len(corpus):
        return list(corpus)
    return [corpus[i * len(corpus) // size] for i in range(size)]


def _category(record: ExtractedArticle) -> str | None:
    """The story's category: its own line (Axios), else its BBC folder (``business-001.txt``)."""
    if record.parsed.category:
        return record.parsed.category
    if record.filename and "-" in record.filename:
        return record.filename.split("-", 1)[0].capitalize()
    return None


def _variant(record: ExtractedArticle, article_id: int, variant: int) -> ExtractedArticle:
    parsed = dataclasses.replace(record.parsed, published=published_for(article_id),
                                 category=_category(record))
    return dataclasses.replace(record, sha256=sha256_for(record.sha256, article_id, variant),
                               filename=f"v{variant}-{record.filename}", parsed=parsed)


def _load(target: Target, base: list[ExtractedArticle], info: dict) -> None:
    from api.models import Article
    from api.services.counters import rebuild_pairs, rebuild_periods, rebuild_stats, recount
    from api.services.ingest import store

    session = db.session
    if target.engine == "sqlite":
        session.execute(text("PRAGMA synchronous=OFF"))
    started = time.perf_counter()
    for index, record in enumerate(base, start=1):
        store(_variant(record, index, 0))
    ids = session.scalars(select(Article.id).order_by(Article.id)).all()
    if ids != list(range(1, len(base) + 1)):
        raise RuntimeError("the base articles did not get the ids 1..N: is the database empty?")
    print(f"    {len(base):,} base articles stored by the real ingest service "
          f"in {time.perf_counter() - started:.0f} s", flush=True)

    metadata = MetaData()
    metadata.reflect(bind=session.connection())
    copied = _tables_to_copy(metadata)
    names = {t.name for t in copied}
    shifts = {t.name: session.scalar(select(func.max(_pk(t)))) or 0
              for t in copied if _pk(t) is not None}
    variants = _fill_variants(session, metadata, base, target.size)
    copies = math.ceil(target.size / len(base))
    started = time.perf_counter()
    for variant in range(1, copies):
        for table in copied:
            session.execute(_copy_statement(table, variants, names, shifts, variant))
        session.commit()
        if variant % 5 == 0 or variant == copies - 1:
            done = min(target.size, (variant + 1) * len(base))
            print(f"    {done:,} articles ({time.perf_counter() - started:.0f} s)", flush=True)
    variants.drop(session.connection())
    # The copies share the base's entities: their counters, per-period totals and the article
    # count are recomputed from the tables, as ``newsdesk db recount`` does (the copies already
    # carry their article's date on their links and quotes).
    started = time.perf_counter()
    recount(session.connection())
    rebuild_periods(session.connection())
    rebuild_pairs(session.connection())
    rebuild_stats(session.connection())
    session.commit()
    print(f"    entity counters recounted in {time.perf_counter() - started:.0f} s", flush=True)
    _finish(target, session, copied)
    session.execute(text(f"CREATE TABLE {INFO} (value TEXT)"))
    session.execute(text(f"INSERT INTO {INFO} (value) VALUES (:v)"), {"v": json.dumps(info)})
    session.commit()


def _pk(table: Table) -> Column | None:
    """The table's single integer primary key column, if it has one."""
    columns = list(table.primary_key.columns)
    if len(columns) == 1 and isinstance(columns[0].type, Integer):
        return columns[0]
    return None


def _parent_fk(table: Table, copied: set[str]):
    """The foreign key that ties ``table`` to a copied table (the path up to ``articles``)."""
    candidates = [fk for fk in table.foreign_keys if fk.column.table.name in copied]
    # Straight to articles if it can, else through another copied table.
    candidates.sort(key=lambda fk: (fk.column.table.name != "articles", fk.parent.name))
    return candidates[0] if candidates else None


def _tables_to_copy(metadata: MetaData) -> list[Table]:
    """``articles`` and every table that refers to it, directly or not; parents first."""
    names = {"articles"}
    changed = True
    while changed:
        changed = False
        for table in metadata.tables.values():
            if table.name not in names and _parent_fk(table, names) is not None:
                names.add(table.name)
                changed = True
    return [t for t in metadata.sorted_tables if t.name in names]


def _fill_variants(session, metadata: MetaData, base, size: int) -> Table:
    """One row per article copy to make: its id, base article, copy number and new identity."""
    variants = Table(
        VARIANTS, metadata,
        Column("new_id", Integer, primary_key=True),
        Column("base_id", Integer, nullable=False),
        Column("k", Integer, nullable=False, index=True),
        Column("sha256", String(64), nullable=False),
        Column("filename", String(512)),
        Column("published", Date),
    )
    variants.create(session.connection())
    rows = []
    for new_id in range(len(base) + 1, size + 1):
        k, base_index = divmod(new_id - 1, len(base))
        record = base[base_index]
        rows.append({"new_id": new_id, "base_id": base_index + 1, "k": k,
                     "sha256": sha256_for(record.sha256, base_index + 1, k),
                     "filename": f"v{k}-{record.filename}",
                     "published": published_for(new_id)})
    for start in range(0, len(rows), 5000):
        session.execute(insert(variants), rows[start:start + 5000])
    session.commit()
    return variants


def _copy_statement(table: Table, variants: Table, copied: set[str], shifts: dict[str, int],
                    k: int):
    """``INSERT INTO table SELECT ...``: copy ``k`` of the base rows of ``table``."""
    # Join up the chain of parents to articles, then to the variant of that article.
    joins, here, here_table = table, table, table
    while here_table.name != "articles":
        fk = _parent_fk(here_table, copied)
        parent = fk.column.table.alias(f"up_{fk.column.table.name}")
        joins = joins.join(parent, here.c[fk.parent.name] == parent.c[fk.column.name])
        here, here_table = parent, fk.column.table
    joins = joins.join(variants, and_(variants.c.base_id == here.c.id, variants.c.k == k))

    columns = [c for c in table.columns if c.computed is None]
    values = []
    for column in columns:
        fk = next(iter(column.foreign_keys), None)
        if table.name == "articles" and column.name in ("id", "sha256", "filename", "published"):
            values.append(variants.c["new_id" if column.name == "id" else column.name])
        elif column.name == "published":
            # A copy of the article's date (entity links, quotes, sections): the copy's own.
            values.append(variants.c.published)
        elif column is _pk(table):
            values.append(column + literal(k * shifts[table.name]))
        elif fk is not None and fk.column.table.name in shifts:
            values.append(column + literal(k * shifts[fk.column.table.name]))
        else:
            values.append(column)
    return insert(table).from_select(
        [c.name for c in columns], select(*values).select_from(joins)
    )


def _finish(target: Target, session, copied: list[Table]) -> None:
    """Sequences past the ids given here (PostgreSQL); fresh planner statistics (both)."""
    if target.engine == "postgresql":
        for table in copied:
            pk = _pk(table)
            if pk is not None:
                session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk.name}'), "
                    f"(SELECT max({pk.name}) FROM {table.name}))"
                ))
        session.commit()
        started = time.perf_counter()
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE"))
    else:
        session.commit()
        started = time.perf_counter()
        session.execute(text("ANALYZE"))
        session.execute(text("PRAGMA optimize"))
        session.commit()
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    print(f"    ANALYZE in {time.perf_counter() - started:.0f} s", flush=True)
