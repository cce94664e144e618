"""full-text search: FTS5 tables on SQLite, tsvector columns with GIN indexes on PostgreSQL

An article is searched by its headline, its lead and its body (the text of its sections, in
order), the headline weighing most; sections and quotes by their text. Triggers keep every
index in step with the tables, inside the writing transaction: the article's entry is rebuilt
whenever one of its sections is inserted, changed or deleted, so it is complete when the ingest
transaction commits, whatever the order of the inserts. See api/search/engines.py.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# --- SQLite: FTS5 -----------------------------------------------------------------------------
# English stemming (porter), no stop words, diacritics kept: as PostgreSQL's newsdesk_english.
FTS5_TOKENIZE = "porter unicode61 remove_diacritics 0"

# The article's body, its sections' text in order (correlated with the trigger's row).
SQLITE_BODY = (
    "(SELECT group_concat(text, char(10)) FROM "
    "(SELECT text FROM sections WHERE article_id = {id} ORDER BY position))"
)


def _sqlite_refresh_article(article_id: str) -> str:
    """Statements that rebuild one article's articles_fts row (none if it is gone)."""
    return (
        f"DELETE FROM articles_fts WHERE rowid = {article_id}; "
        "INSERT INTO articles_fts(rowid, headline, lead, body) "
        f"SELECT id, headline, lead_text, {SQLITE_BODY.format(id=article_id)} "
        f"FROM articles WHERE id = {article_id};"
    )


def _sqlite_external_content(name: str) -> list[str]:
    """An FTS5 index over ``name(text)`` stored in ``name``, with its three sync triggers."""
    fts = f"{name}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(text, content='{name}', content_rowid='id', "
        f"tokenize='{FTS5_TOKENIZE}')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {name} BEGIN "
        f"INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, text ON {name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text); "
        f"INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text); END",
    ]


def _sqlite_upgrade() -> None:
    statements = [
        # The article index keeps its own copy of the text: its body is not a column anywhere.
        "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, lead, body, "
        f"tokenize='{FTS5_TOKENIZE}')",
        "INSERT INTO articles_fts(rowid, headline, lead, body) "
        f"SELECT id, headline, lead_text, {SQLITE_BODY.format(id='articles.id')} FROM articles",
        "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
        f"{_sqlite_refresh_article('new.id')} END",
        "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
        "DELETE FROM articles_fts WHERE rowid = old.id; END",
        "CREATE TRIGGER articles_fts_au AFTER UPDATE OF id, headline, lead_text ON articles BEGIN "
        f"DELETE FROM articles_fts WHERE rowid = old.id; {_sqlite_refresh_article('new.id')} END",
        *_sqlite_external_content("sections"),
        *_sqlite_external_content("quotes"),
        # A section's change rebuilds its article's entry (after sections_fts_* by name order).
        "CREATE TRIGGER sections_to_articles_fts_ai AFTER INSERT ON sections BEGIN "
        f"{_sqlite_refresh_article('new.article_id')} END",
        "CREATE TRIGGER sections_to_articles_fts_ad AFTER DELETE ON sections BEGIN "
        f"{_sqlite_refresh_article('old.article_id')} END",
        "CREATE TRIGGER sections_to_articles_fts_au "
        "AFTER UPDATE OF article_id, position, text ON sections BEGIN "
        f"{_sqlite_refresh_article('old.article_id')} "
        f"{_sqlite_refresh_article('new.article_id')} END",
    ]
    for statement in statements:
        op.execute(statement)


def _sqlite_downgrade() -> None:
    for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au",
                    "sections_fts_ai", "sections_fts_ad", "sections_fts_au",
                    "quotes_fts_ai", "quotes_fts_ad", "quotes_fts_au",
                    "sections_to_articles_fts_ai", "sections_to_articles_fts_ad",
                    "sections_to_articles_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for fts in ("articles_fts", "sections_fts", "quotes_fts"):
        op.execute(f"DROP TABLE IF EXISTS {fts}")


# --- PostgreSQL: tsvector + GIN ---------------------------------------------------------------
# 'english' with its Snowball stemmer but without stop words, so that "US", "WHO" or "it" can be
# searched, and a query means the same as on SQLite (FTS5 has no stop words).
PG_CONFIG = "newsdesk_english"
PG_CREATE_CONFIG = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = '{PG_CONFIG}_stem'
                   AND dictnamespace = current_schema()::regnamespace) THEN
        CREATE TEXT SEARCH DICTIONARY {PG_CONFIG}_stem (TEMPLATE = snowball, LANGUAGE = english);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{PG_CONFIG}'
                   AND cfgnamespace = current_schema()::regnamespace) THEN
        CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH {PG_CONFIG}_stem;
    END IF;
END
$$
"""

PG_ARTICLE_VECTOR = f"""
CREATE OR REPLACE FUNCTION newsdesk_article_search_vector(
    p_article_id integer, p_headline text, p_lead text
) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('{PG_CONFIG}', coalesce(p_headline, '')), 'A')
        || setweight(to_tsvector('{PG_CONFIG}', coalesce(p_lead, '')), 'B')
        || setweight(to_tsvector('{PG_CONFIG}', coalesce(
               (SELECT string_agg(s.text, E'\\n' ORDER BY s.position)
                FROM sections s WHERE s.article_id = p_article_id), '')), 'C')
$$
"""

PG_ARTICLE_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION newsdesk_articles_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := newsdesk_article_search_vector(NEW.id, NEW.headline, NEW.lead_text);
    RETURN NEW;
END
$$
"""

PG_SECTION_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION newsdesk_sections_refresh_article_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE articles
        SET search_vector = newsdesk_article_search_vector(id, headline, lead_text)
        WHERE id = OLD.article_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.article_id <> OLD.article_id)
    THEN
        UPDATE articles
        SET search_vector = newsdesk_article_search_vector(id, headline, lead_text)
        WHERE id = NEW.article_id;
    END IF;
    RETURN NULL;
END
$$
"""


def _pg_upgrade() -> None:
    statements = [
        PG_CREATE_CONFIG,
        "ALTER TABLE articles ADD COLUMN search_vector tsvector",
        PG_ARTICLE_VECTOR,
        PG_ARTICLE_TRIGGER_FUNCTION,
        PG_SECTION_TRIGGER_FUNCTION,
        "CREATE TRIGGER articles_search_vector BEFORE INSERT OR UPDATE OF id, headline, "
        "lead_text ON articles FOR EACH ROW "
        "EXECUTE FUNCTION newsdesk_articles_search_vector_trigger()",
        "CREATE TRIGGER sections_refresh_article_search_vector "
        "AFTER INSERT OR DELETE OR UPDATE OF article_id, position, text ON sections "
        "FOR EACH ROW EXECUTE FUNCTION newsdesk_sections_refresh_article_trigger()",
        "UPDATE articles SET search_vector = "
        "newsdesk_article_search_vector(id, headline, lead_text)",
        "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
    ]
    for name in ("sections", "quotes"):
        statements += [
            f"ALTER TABLE {name} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{PG_CONFIG}'::regconfig, text)) STORED",
            f"CREATE INDEX ix_{name}_search_vector ON {name} USING gin (search_vector)",
        ]
    for statement in statements:
        op.execute(statement)


def _pg_downgrade() -> None:
    for statement in (
        "DROP TRIGGER IF EXISTS sections_refresh_article_search_vector ON sections",
        "DROP TRIGGER IF EXISTS articles_search_vector ON articles",
        "DROP FUNCTION IF EXISTS newsdesk_sections_refresh_article_trigger()",
        "DROP FUNCTION IF EXISTS newsdesk_articles_search_vector_trigger()",
        "DROP FUNCTION IF EXISTS newsdesk_article_search_vector(integer, text, text)",
        "DROP INDEX IF EXISTS ix_quotes_search_vector",
        "DROP INDEX IF EXISTS ix_sections_search_vector",
        "DROP INDEX IF EXISTS ix_articles_search_vector",
        "ALTER TABLE quotes DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE sections DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
        f"DROP TEXT SEARCH DICTIONARY IF EXISTS {PG_CONFIG}_stem",
    ):
        op.execute(statement)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_upgrade()
    elif dialect == "postgresql":
        _pg_upgrade()
    else:
        raise NotImplementedError(f"full-text search is not implemented for {dialect}")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_downgrade()
    elif dialect == "postgresql":
        _pg_downgrade()
