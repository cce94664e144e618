"""scale: result-size-independent lists, totals and timelines

Found by ``make bench-scale`` (benchmarks/scale.py): every request's cost must not grow with the
number of rows it matches.

- article_entities.published, quotes.published and sections.published: the article's date,
  copied (set when the article is built, backfilled here). PostgreSQL indexes them
  (entity_id, published DESC NULLS LAST, article_id DESC), (speaker_id, published DESC NULLS
  LAST, article_id DESC, position) and (slug, published DESC NULLS LAST, article_id DESC,
  position), so that an entity's articles, a speaker's quotes and a label's sections page
  newest first straight off an index, without joining and sorting every match. SQLite (which
  has no NULLS LAST in an index) walks (entity_id, published, article_id) backwards and
  (speaker_id | slug, published DESC, article_id DESC, position) forwards; those are made on
  PostgreSQL too, so that models and migrations agree on both engines.
- (published, id, category) on articles, (published, article_id, entity_id) on
  article_entities, (published, article_id, speaker_id) on quotes: the unfiltered facets count
  the newest articles from one contiguous range of each, index-only.
- entity_days and entity_months: per-entity, per-period totals (articles, mentions, quotes over
  dated articles), kept by ingest and delete, rebuilt by ``newsdesk db recount``; a timeline
  reads one row per period.
- entity_pairs: per pair of entities (lower id first), the articles naming both, kept by
  ingest and delete: the exact total of ``?entity=A&entity=B`` without intersecting.
- stats: named archive counters; ``articles`` is the unfiltered article list's total.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _period_table(name, column):
    op.create_table(
        name,
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column(column, sa.Date(), nullable=False),
        sa.Column('articles', sa.Integer(), server_default='0', nullable=False),
        sa.Column('mentions', sa.Integer(), server_default='0', nullable=False),
        sa.Column('quotes', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('entity_id', column),
    )


def upgrade():
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for table in ('article_entities', 'quotes', 'sections'):
        # A plain ADD COLUMN on both engines (never a copy of the table: see downgrade).
        op.add_column(table, sa.Column('published', sa.Date(), nullable=True))
        op.execute(f"UPDATE {table} SET published = (SELECT a.published FROM articles a "
                   f"WHERE a.id = {table}.article_id)")
    if postgresql:
        op.create_index('ix_article_entities_entity_id_published', 'article_entities',
                        ['entity_id', sa.text('published DESC NULLS LAST'),
                         sa.text('article_id DESC')])
        op.create_index('ix_quotes_speaker_id_published', 'quotes',
                        ['speaker_id', sa.text('published DESC NULLS LAST'),
                         sa.text('article_id DESC'), 'position'])
        op.create_index('ix_sections_slug_published', 'sections',
                        ['slug', sa.text('published DESC NULLS LAST'),
                         sa.text('article_id DESC'), 'position'])
    # SQLite's (no NULLS LAST in an index: it walks these, the first backwards); made on both
    # engines so that models and migrations agree on both.
    op.create_index('ix_article_entities_entity_id_published_id', 'article_entities',
                    ['entity_id', 'published', 'article_id'])
    op.create_index('ix_quotes_speaker_id_published_desc', 'quotes',
                    ['speaker_id', sa.desc(sa.column('published')),
                     sa.desc(sa.column('article_id')), 'position'])
    op.create_index('ix_sections_slug_published_desc', 'sections',
                    ['slug', sa.desc(sa.column('published')),
                     sa.desc(sa.column('article_id')), 'position'])
    # Unfiltered facets over the newest articles: contiguous, index-only ranges.
    op.create_index('ix_articles_published_id_category', 'articles',
                    ['published', 'id', 'category'])
    op.create_index('ix_article_entities_published_article_id_entity_id', 'article_entities',
                    ['published', 'article_id', 'entity_id'])
    op.create_index('ix_quotes_published_article_id_speaker_id', 'quotes',
                    ['published', 'article_id', 'speaker_id'])

    _period_table('entity_days', 'day')
    _period_table('entity_months', 'month')
    op.create_table(
        'entity_pairs',
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('other_id', sa.Integer(), nullable=False),
        sa.Column('articles', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['other_id'], ['entities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('entity_id', 'other_id'),
    )
    op.create_table(
        'stats',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    # Filled from the tables as they stand (the SQL of this revision, not today's code).
    month = ("CAST(date_trunc('month', day) AS date)" if op.get_bind().dialect.name == 'postgresql'
             else "date(day, 'start of month')")
    op.execute(
        'INSERT INTO entity_days (entity_id, day, articles, mentions, quotes) '
        'SELECT entity_id, day, sum(articles), sum(mentions), sum(quotes) FROM ('
        ' SELECT ae.entity_id AS entity_id, ae.published AS day, 1 AS articles,'
        ' (SELECT count(*) FROM mentions m WHERE m.link_id = ae.id) AS mentions, 0 AS quotes'
        ' FROM article_entities ae WHERE ae.published IS NOT NULL'
        ' UNION ALL'
        ' SELECT q.speaker_id, q.published, 0, 0, 1 FROM quotes q'
        ' WHERE q.speaker_id IS NOT NULL AND q.published IS NOT NULL'
        ') AS t GROUP BY entity_id, day'
    )
    op.execute(
        'INSERT INTO entity_months (entity_id, month, articles, mentions, quotes) '
        f'SELECT entity_id, {month}, sum(articles), sum(mentions), sum(quotes) '
        f'FROM entity_days GROUP BY entity_id, {month}'
    )
    op.execute(
        'INSERT INTO entity_pairs (entity_id, other_id, articles) '
        'SELECT a.entity_id, b.entity_id, count(*) FROM article_entities a '
        'JOIN article_entities b ON b.article_id = a.article_id AND b.entity_id > a.entity_id '
        'GROUP BY a.entity_id, b.entity_id'
    )
    op.execute("INSERT INTO stats (name, value) SELECT 'articles', count(*) FROM articles")


def downgrade():
    op.drop_table('stats')
    op.drop_table('entity_pairs')
    op.drop_table('entity_months')
    op.drop_table('entity_days')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_sections_slug_published', table_name='sections')
        op.drop_index('ix_quotes_speaker_id_published', table_name='quotes')
        op.drop_index('ix_article_entities_entity_id_published', table_name='article_entities')
    op.drop_index('ix_quotes_published_article_id_speaker_id', table_name='quotes')
    op.drop_index('ix_article_entities_published_article_id_entity_id',
                  table_name='article_entities')
    op.drop_index('ix_articles_published_id_category', table_name='articles')
    op.drop_index('ix_sections_slug_published_desc', table_name='sections')
    op.drop_index('ix_quotes_speaker_id_published_desc', table_name='quotes')
    op.drop_index('ix_article_entities_entity_id_published_id', table_name='article_entities')
    for table in ('sections', 'quotes', 'article_entities'):
        # A plain DROP COLUMN (SQLite 3.35+), never batch mode's copy-and-drop of the table:
        # dropping article_entities would cascade to every mention.
        op.execute(f'ALTER TABLE {table} DROP COLUMN published')
