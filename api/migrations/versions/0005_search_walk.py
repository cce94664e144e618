"""scale: a bounded, newest-first search walk (PostgreSQL); a range index for the section facet

Found by ``make bench-scale``: a phrase search cost grew with the number of articles it matched,
because PostgreSQL checks a phrase (and computes ``ts_rank``) on each candidate's vector, and the
article vectors (about 3 KB) were stored out of line in TOAST: every check was several TOAST
lookups. A search now ranks and counts only the newest matches (`api.search.walk`), walked
newest first through id ranges; this migration makes each step cheap:

- ``articles.search_vector`` with storage MAIN: the vector stays in the article's row (compressed
  if need be; out of line only when the row cannot fit a page). Existing vectors are rewritten
  so that they move in.
- The sections' refresh of their article's vector fires once per statement, not per row:
  storing an article with five sections updated its row five times (five dead versions of a
  3 KB row, and five GIN insertions); now once. Statement triggers with transition tables (one
  per event, as PostgreSQL requires).

Each step of the walk is a BitmapAnd of the GIN candidates and the primary key's range of ids
(a BRIN index on the id was tried: its ranges lose precision as soon as updates and VACUUM
move rows, and the planner took it for lookups by id).

SQLite needs neither: FTS5 walks its doclists newest first (``ORDER BY rowid DESC``) and stops.

Both engines: ``ix_sections_published_article_id_slug``, so that the section facet over the
newest articles reads one contiguous range of an index, as the category, entity and speaker
facets do (it probed the sections of each of 10,000 articles through ``article_id`` instead).

Revision ID: 0005
Revises: 0004
"""
from alembic import op

# The articles whose sections a statement inserted, deleted, or changed in what the vector reads.
PG_REFRESH_FUNCTION = """
CREATE OR REPLACE FUNCTION newsdesk_sections_refresh_articles() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE articles SET search_vector = newsdesk_article_search_vector(id, headline, lead_text)
        WHERE id IN (SELECT article_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE articles SET search_vector = newsdesk_article_search_vector(id, headline, lead_text)
        WHERE id IN (SELECT article_id FROM old_rows);
    ELSE
        UPDATE articles SET search_vector = newsdesk_article_search_vector(id, headline, lead_text)
        WHERE id IN (
            SELECT unnest(ARRAY[o.article_id, n.article_id])
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.article_id, o.position, o.text) IS DISTINCT FROM
                  (n.article_id, n.position, n.text));
    END IF;
    RETURN NULL;
END
$$
"""

PG_STATEMENT_TRIGGERS = (
    "CREATE TRIGGER sections_inserted_refresh_articles AFTER INSERT ON sections "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION newsdesk_sections_refresh_articles()",
    "CREATE TRIGGER sections_deleted_refresh_articles AFTER DELETE ON sections "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION newsdesk_sections_refresh_articles()",
    "CREATE TRIGGER sections_updated_refresh_articles AFTER UPDATE ON sections "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION newsdesk_sections_refresh_articles()",
)

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_sections_published_article_id_slug', 'sections',
                    ['published', 'article_id', 'slug'])
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP TRIGGER sections_refresh_article_search_vector ON sections")
    op.execute(PG_REFRESH_FUNCTION)
    for statement in PG_STATEMENT_TRIGGERS:
        op.execute(statement)
    op.execute("ALTER TABLE articles ALTER COLUMN search_vector SET STORAGE MAIN")
    # A new value for every row (the same vector), stored under the new storage.
    op.execute("UPDATE articles SET search_vector = "
               "newsdesk_article_search_vector(id, headline, lead_text)")


def downgrade():
    op.drop_index('ix_sections_published_article_id_slug', table_name='sections')
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("ALTER TABLE articles ALTER COLUMN search_vector SET STORAGE EXTENDED")
    for trigger in ("sections_inserted_refresh_articles", "sections_deleted_refresh_articles",
                    "sections_updated_refresh_articles"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON sections")
    op.execute("DROP FUNCTION IF EXISTS newsdesk_sections_refresh_articles()")
    op.execute("CREATE TRIGGER sections_refresh_article_search_vector "
               "AFTER INSERT OR DELETE OR UPDATE OF article_id, position, text ON sections "
               "FOR EACH ROW EXECUTE FUNCTION newsdesk_sections_refresh_article_trigger()")
