"""scale: entity counters, and covering indexes for the lists at 100k articles

Found by ``make bench-scale`` (benchmarks/scale.py).

- entities.article_count, mention_count, quote_count, first_seen, last_seen: counters kept by the
  ingest service and ``delete_article`` (``newsdesk db recount`` recomputes them), filled here
  from the tables; indexed for the orders of ``GET /v1/entities`` (mentions or articles, most
  first, with or without ``type``), so the entity list pages by index instead of counting every
  entity's rows.
- article_entities (entity_id, article_id): ``?entity=``, facets, timelines and co-occurrence
  read only these two columns; the single-column entity_id index makes each row a table lookup.
- quotes (speaker_id, article_id, position) and sections (slug, article_id, position): the
  ``?speaker=`` and ``?label=`` lists then never read the (wide) rows to sort and count.
- articles (published DESC NULLS LAST, id DESC), PostgreSQL only: the order of every article list
  (newest first, undated last); without it each page, and each deep page, is a sequential scan
  and a sort of the whole table. SQLite already walks ix_articles_published backwards for it.
- articles (id, published): on SQLite ``published`` is stored after the long ``source`` text, so
  reading it by id walks the overflow pages; this index answers "published of article N" without
  the row (on PostgreSQL it makes the same lookups index-only scans).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The counters from the tables (the same computation as api.services.entities.recount).
RECOUNT = """
UPDATE entities SET
    article_count = (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = entities.id),
    mention_count = (SELECT count(*) FROM mentions m
                     JOIN article_entities ae ON m.link_id = ae.id
                     WHERE ae.entity_id = entities.id),
    quote_count = (SELECT count(*) FROM quotes q WHERE q.speaker_id = entities.id),
    first_seen = (SELECT min(a.published) FROM article_entities ae
                  JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = entities.id),
    last_seen = (SELECT max(a.published) FROM article_entities ae
                 JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = entities.id)
"""

COUNTER_INDEXES = {
    'ix_entities_mention_count': ['mention_count', 'article_count', 'id'],
    'ix_entities_article_count': ['article_count', 'mention_count', 'id'],
    'ix_entities_type_mention_count': ['type', 'mention_count', 'article_count', 'id'],
    'ix_entities_type_article_count': ['type', 'article_count', 'mention_count', 'id'],
}


def upgrade():
    with op.batch_alter_table('entities', schema=None) as batch_op:
        for name in ('article_count', 'mention_count', 'quote_count'):
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default='0',
                                          nullable=False))
        batch_op.add_column(sa.Column('first_seen', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_seen', sa.Date(), nullable=True))
    op.execute(RECOUNT)
    for name, columns in COUNTER_INDEXES.items():
        op.create_index(name, 'entities', columns)

    op.create_index('ix_article_entities_entity_id_article_id', 'article_entities',
                    ['entity_id', 'article_id'])
    op.create_index('ix_quotes_speaker_id_article_id_position', 'quotes',
                    ['speaker_id', 'article_id', 'position'])
    op.create_index('ix_sections_slug_article_id_position', 'sections',
                    ['slug', 'article_id', 'position'])
    op.create_index('ix_articles_id_published', 'articles', ['id', 'published'])
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_articles_published_desc_id_desc', 'articles',
                        [sa.text('published DESC NULLS LAST'), sa.text('id DESC')])


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_articles_published_desc_id_desc', table_name='articles')
    op.drop_index('ix_articles_id_published', table_name='articles')
    op.drop_index('ix_sections_slug_article_id_position', table_name='sections')
    op.drop_index('ix_quotes_speaker_id_article_id_position', table_name='quotes')
    op.drop_index('ix_article_entities_entity_id_article_id', table_name='article_entities')
    for name in COUNTER_INDEXES:
        op.drop_index(name, table_name='entities')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        for name in ('last_seen', 'first_seen', 'quote_count', 'mention_count', 'article_count'):
            batch_op.drop_column(name)
