"""news items: format, original bytes, URL, publisher, authors, times, language, images

- articles: ``format`` (text, html, ninjs, rss, atom), ``media_type`` and ``original`` (the
  item's own bytes when they are not the UTF-8 of ``source``, which stays the plain text every
  offset points into), ``url``, ``uri`` (ninjs uri, else the canonical URL), ``publisher_name``
  and ``publisher_domain``, ``published_at`` and ``modified_at`` (ISO 8601 text, so that the
  source's own offset is kept as written), ``language`` (BCP 47), ``keywords`` and ``images``
  (JSON lists).
- article_authors: one row per author of an article, in byline order (the ``author`` filter and
  facet read it).
- article_entities.role: ``author`` for an article's author, null for a name in its text.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('format', sa.String(length=20), nullable=False,
                                   server_default='text'))
        batch.add_column(sa.Column('media_type', sa.String(length=100), nullable=False,
                                   server_default='text/plain'))
        batch.add_column(sa.Column('original', sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column('url', sa.Text(), nullable=True))
        batch.add_column(sa.Column('uri', sa.String(length=1000), nullable=True))
        batch.add_column(sa.Column('publisher_name', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('publisher_domain', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('published_at', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('modified_at', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('language', sa.String(length=35), nullable=True))
        batch.add_column(sa.Column('keywords', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('images', sa.JSON(), nullable=True))
    op.create_index('ix_articles_uri', 'articles', ['uri'])
    op.create_index('ix_articles_publisher_name', 'articles', ['publisher_name'])
    op.create_index('ix_articles_publisher_domain', 'articles', ['publisher_domain'])
    op.create_index('ix_articles_language', 'articles', ['language'])
    op.create_table(
        'article_authors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_article_authors_article_id', 'article_authors', ['article_id'])
    op.create_index('ix_article_authors_name', 'article_authors', ['name'])
    with op.batch_alter_table('article_entities') as batch:
        batch.add_column(sa.Column('role', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('article_entities') as batch:
        batch.drop_column('role')
    op.drop_index('ix_article_authors_name', table_name='article_authors')
    op.drop_index('ix_article_authors_article_id', table_name='article_authors')
    op.drop_table('article_authors')
    for name in ('ix_articles_language', 'ix_articles_publisher_domain',
                 'ix_articles_publisher_name', 'ix_articles_uri'):
        op.drop_index(name, table_name='articles')
    with op.batch_alter_table('articles') as batch:
        for column in ('images', 'keywords', 'language', 'modified_at', 'published_at',
                       'publisher_domain', 'publisher_name', 'uri', 'url', 'original',
                       'media_type', 'format'):
            batch.drop_column(column)
