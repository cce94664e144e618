"""revisions: the superseded versions of an article (same canonical URL or ninjs uri)

An item ingested again under the same ``uri`` with other bytes becomes the article's current
version (same id); the version it replaces is kept here, with its bytes, text and identity, so
that ingesting those bytes again changes nothing.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'article_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('media_type', sa.String(length=100), nullable=False),
        sa.Column('original', sa.LargeBinary(), nullable=True),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('headline', sa.Text(), nullable=True),
        sa.Column('published_at', sa.String(length=40), nullable=True),
        sa.Column('modified_at', sa.String(length=40), nullable=True),
        sa.Column('extractor_version', sa.String(length=40), nullable=False),
        sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sha256'),
    )
    op.create_index('ix_article_revisions_article_id', 'article_revisions', ['article_id'])


def downgrade():
    op.drop_index('ix_article_revisions_article_id', table_name='article_revisions')
    op.drop_table('article_revisions')
