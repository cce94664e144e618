"""full-text search on SQLite: an article's entry is built once per write, not once per section

Migration 0002 rebuilt an article's whole FTS5 entry (its headline, lead and the text of all its
sections) from a row trigger on every section inserted, changed or deleted: an article of n
sections was indexed n times over a growing body, so a 4 MB text of 35 sections cost 5 s of
SQLite's time alone to store, and as much again to re-extract. SQLite has no statement-level
triggers, so these go; the writers that replace an article's sections (ingest, a new revision,
re-extraction) rebuild its entry once, after the sections, in the same transaction
(``SearchEngine.index_article``). PostgreSQL is left as it is: migration 0005 already refreshes
each article once per statement (triggers over transition tables).

The triggers on ``articles`` itself stay: a headline or lead changed by UPDATE still rebuilds the
entry, and a deleted article takes its entry with it.

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = ("sections_to_articles_fts_ai", "sections_to_articles_fts_ad",
                    "sections_to_articles_fts_au")

# 0002's statements, to put the triggers back on a downgrade.
_SQLITE_BODY = (
    "(SELECT group_concat(text, char(10)) FROM "
    "(SELECT text FROM sections WHERE article_id = {id} ORDER BY position))"
)


def _sqlite_refresh_article(article_id: str) -> str:
    return (
        f"DELETE FROM articles_fts WHERE rowid = {article_id}; "
        "INSERT INTO articles_fts(rowid, headline, lead, body) "
        f"SELECT id, headline, lead_text, {_SQLITE_BODY.format(id=article_id)} "
        f"FROM articles WHERE id = {article_id};"
    )


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in _SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TRIGGER sections_to_articles_fts_ai AFTER INSERT ON sections BEGIN "
               f"{_sqlite_refresh_article('new.article_id')} END")
    op.execute("CREATE TRIGGER sections_to_articles_fts_ad AFTER DELETE ON sections BEGIN "
               f"{_sqlite_refresh_article('old.article_id')} END")
    op.execute("CREATE TRIGGER sections_to_articles_fts_au "
               "AFTER UPDATE OF article_id, position, text ON sections BEGIN "
               f"{_sqlite_refresh_article('old.article_id')} "
               f"{_sqlite_refresh_article('new.article_id')} END")
