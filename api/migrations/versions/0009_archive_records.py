"""archive records: surname bearers, the article's own names per link, place identifiers, and
reported speech linked to its partial quotes

- ``entities.surname`` (indexed) and ``entities.named_count``: a full-named person's folded
  surname and the articles naming it in full, by which a bare surname of another article finds
  its leading bearer (`api.services.resolution`).
- ``entities.links`` (JSON, ``{}``) and ``entities.country_code``: a place's GeoNames id and its
  country's ISO code.
- ``article_entities.name``, ``.aliases`` and ``.surname``: the article's own names for the
  entity, and, for a person named only by a surname, that surname (indexed with the entity: the
  links that move when the surname's leading bearer changes).
- ``quotes.parent_id``: the reported quote a partial quote stands inside; and an index for an
  entity's quote counts by kind.

Existing rows: each link's name is its entity's, each full-named person gets its surname folded
here (the same folding as the app's: case and accents), and ``named_count`` its article count.

Revision ID: 0009
Revises: 0008
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _fold(text):
    decomposed = unicodedata.normalize('NFKD', text.replace('\u2019', "'"))
    return ''.join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def upgrade():
    op.add_column('entities', sa.Column('links', sa.JSON(), server_default='{}',
                                        nullable=False))
    op.add_column('entities', sa.Column('country_code', sa.String(length=2), nullable=True))
    op.add_column('entities', sa.Column('surname', sa.String(length=100), nullable=True))
    op.add_column('entities', sa.Column('named_count', sa.Integer(), server_default='0',
                                        nullable=False))
    op.create_index('ix_entities_surname', 'entities', ['surname'])
    op.add_column('article_entities', sa.Column('name', sa.String(length=300), nullable=True))
    op.add_column('article_entities', sa.Column('aliases', sa.JSON(), server_default='[]',
                                                nullable=False))
    op.add_column('article_entities', sa.Column('surname', sa.String(length=100),
                                                nullable=True))
    op.create_index('ix_article_entities_surname_entity_id', 'article_entities',
                    ['surname', 'entity_id'])
    # No foreign key: a partial quote and its reported one are rows of one article, deleted
    # with it (and SQLite could only add the reference by copying the table).
    op.add_column('quotes', sa.Column('parent_id', sa.Integer(), nullable=True))
    op.create_index('ix_quotes_parent_id', 'quotes', ['parent_id'])
    op.create_index('ix_quotes_speaker_id_kind', 'quotes', ['speaker_id', 'kind'])

    connection = op.get_bind()
    connection.execute(sa.text("UPDATE entities SET named_count = article_count"))
    connection.execute(sa.text(
        "UPDATE article_entities SET name = (SELECT e.name FROM entities e "
        "WHERE e.id = article_entities.entity_id)"))
    people = connection.execute(sa.text(
        "SELECT id, name FROM entities WHERE type = 'PERSON'")).all()
    rows = [{'id': id_, 'surname': _fold(name).split()[-1]} for id_, name in people
            if len(name.split()) > 1]
    if rows:
        connection.execute(sa.text("UPDATE entities SET surname = :surname WHERE id = :id"),
                           rows)


def downgrade():
    op.drop_index('ix_quotes_speaker_id_kind', table_name='quotes')
    op.drop_index('ix_quotes_parent_id', table_name='quotes')
    op.drop_column('quotes', 'parent_id')
    op.drop_index('ix_article_entities_surname_entity_id', table_name='article_entities')
    for column in ('surname', 'aliases', 'name'):
        op.drop_column('article_entities', column)
    op.drop_index('ix_entities_surname', table_name='entities')
    for column in ('named_count', 'surname', 'country_code', 'links'):
        op.drop_column('entities', column)
