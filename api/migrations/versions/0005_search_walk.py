"""scale: a bounded, newest-first search walk (PostgreSQL); a range index for the section facet

Found by ``make bench-scale``: a phrase search cost grew with the number of articles it matched,
because PostgreSQL checks a phrase (and computes ``ts_rank``) on each candidate's vector, and the
article vectors (about 3 KB) were stored out of line in TOAST: every check was several TOAST
lookups. A search now ranks and counts only the newest matches (`api.services.search`), walked
newest first through id ranges; this migration makes each step cheap:

- ``articles.search_vector`` with storage MAIN: the vector stays in the article's row (compressed
  if need be; out of line only when the row cannot fit a page). Existing vectors are rewritten
  so that they move in.
- ``ix_articles_search_walk``: a BRIN index on ``articles.id::bigint``. Ids grow with
  insertion, so a range of ids is a range of pages: PostgreSQL intersects it with the GIN
  index's candidates (a BitmapAnd) and checks only the candidates in that range. Tiny (a few
  pages), unlike a bitmap built from the B-tree primary key. On an expression that only the
  walk writes (``id::bigint``), so that the planner never takes it for a lookup by id, where its
  estimate is wrong (a lossy bitmap of every page range listed).

SQLite needs neither: FTS5 walks its doclists newest first (``ORDER BY rowid DESC``) and stops.

Both engines: ``ix_sections_published_article_id_slug``, so that the section facet over the
newest articles reads one contiguous range of an index, as the category, entity and speaker
facets do (it probed the sections of each of 10,000 articles through ``article_id`` instead).

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_sections_published_article_id_slug', 'sections',
                    ['published', 'article_id', 'slug'])
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("ALTER TABLE articles ALTER COLUMN search_vector SET STORAGE MAIN")
    # A new value for every row (the same vector), stored under the new storage.
    op.execute("UPDATE articles SET search_vector = "
               "newsdesk_article_search_vector(id, headline, lead_text)")
    op.execute("CREATE INDEX ix_articles_search_walk ON articles USING brin ((id::bigint)) "
               "WITH (pages_per_range = 8)")


def downgrade():
    op.drop_index('ix_sections_published_article_id_slug', table_name='sections')
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_search_walk")
    op.execute("ALTER TABLE articles ALTER COLUMN search_vector SET STORAGE EXTENDED")
