"""curation: events, redirects of merged records, curated rules; entities by quote count

- curation_events: every change people make to an entity record (rename, retype, aliases,
  merge, split), who made it (the API key's name) and when; ids are plain integers so that the
  history outlives merged records.
- entity_redirects: a merged record's old id and its survivor (``GET`` answers 301).
- curation_rules: decisions later ingestion and re-extraction obey (``alias``, ``not_alias``,
  ``distinct``, ``assign``).
- ix_entities_quote_count, ix_entities_type_quote_count: ``GET /v1/entities?order_by=quotes``
  pages from an index, as the mention and article orders do.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'curation_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('other_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_curation_events')),
    )
    op.create_index('ix_curation_events_entity_id_id', 'curation_events', ['entity_id', 'id'])
    op.create_index('ix_curation_events_other_id_id', 'curation_events', ['other_id', 'id'])
    op.create_table(
        'entity_redirects',
        sa.Column('old_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE',
                                name=op.f('fk_entity_redirects_entity_id_entities')),
        sa.PrimaryKeyConstraint('old_id', name=op.f('pk_entity_redirects')),
    )
    op.create_index('ix_entity_redirects_entity_id', 'entity_redirects', ['entity_id'])
    op.create_table(
        'curation_rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=True),
        sa.Column('other_id', sa.Integer(), nullable=True),
        sa.Column('article_id', sa.Integer(), nullable=True),
        sa.Column('start', sa.Integer(), nullable=True),
        sa.Column('end', sa.Integer(), nullable=True),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE',
                                name=op.f('fk_curation_rules_entity_id_entities')),
        sa.ForeignKeyConstraint(['other_id'], ['entities.id'], ondelete='CASCADE',
                                name=op.f('fk_curation_rules_other_id_entities')),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE',
                                name=op.f('fk_curation_rules_article_id_articles')),
        sa.ForeignKeyConstraint(['event_id'], ['curation_events.id'], ondelete='SET NULL',
                                name=op.f('fk_curation_rules_event_id_curation_events')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_curation_rules')),
    )
    op.create_index('ix_curation_rules_kind_key', 'curation_rules', ['kind', 'key'])
    op.create_index('ix_curation_rules_entity_id', 'curation_rules', ['entity_id'])
    op.create_index('ix_curation_rules_other_id', 'curation_rules', ['other_id'])
    op.create_index('ix_curation_rules_article_id', 'curation_rules', ['article_id'])
    op.create_index('ix_entities_quote_count', 'entities', ['quote_count', 'mention_count', 'id'])
    op.create_index('ix_entities_type_quote_count', 'entities',
                    ['type', 'quote_count', 'mention_count', 'id'])


def downgrade():
    op.drop_index('ix_entities_type_quote_count', table_name='entities')
    op.drop_index('ix_entities_quote_count', table_name='entities')
    op.drop_table('curation_rules')
    op.drop_table('entity_redirects')
    op.drop_table('curation_events')
