"""stored lengths: the text columns no rule bounds are TEXT on PostgreSQL, as SQLite holds them

PostgreSQL refused what SQLite stored: a VARCHAR(n) is enforced by PostgreSQL alone, so a value
longer than n failed an article there ("value too long for type character varying(100)", a
surname) and was kept whole on SQLite. The columns whose values nothing bounds become TEXT on
PostgreSQL: a surname (derived from a name), a person's title, a mention's, a speaker's and a
cue's text (spans of the article), a media type (as the client declared it) and the publication
and modification times (ISO 8601 as read). The other lengths stay, each kept by a rule both
engines share: a name is at most 200 characters (keys 300), a label 200, a file's name 512 (an
upload's; the command line keeps a base name), the metadata that lists filter by has its bounds
(longer values read from a file are left out with a warning, an upload's are refused), a
language tag 35.

SQLite is left as it is: it never enforced a declared length, and a VARCHAR column there is a
TEXT one (env.py compares them as one type). On PostgreSQL a VARCHAR to TEXT change rewrites
no table and no index.

Revision ID: 0012
Revises: 0011
"""
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# (table, column, its former length)
_COLUMNS = (
    ("entities", "surname", 100),
    ("article_entities", "surname", 100),
    ("article_entities", "title", 200),
    ("mentions", "text", 500),
    ("quotes", "speaker_text", 500),
    ("quotes", "cue", 60),
    ("articles", "media_type", 100),
    ("articles", "published_at", 40),
    ("articles", "modified_at", 40),
    ("article_revisions", "media_type", 100),
    ("article_revisions", "published_at", 40),
    ("article_revisions", "modified_at", 40),
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, _length in _COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text")


def downgrade():
    # Fails, changing nothing, where a value is longer than its former bound: never cut short.
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in _COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length})")
