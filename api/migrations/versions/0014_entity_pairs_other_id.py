"""entity pairs: an index on the second entity of a pair

``entity_pairs`` was indexed by its key ``(entity_id, other_id)`` only, so a pair's second entity
was found by reading the whole table: recomputing an entity's pairs (a surname's waiting links
settled on its leading bearer during ingest, a merge or split) deleted ``... WHERE entity_id IN
(...) OR other_id IN (...)``, and deleting an entity cascaded through ``other_id``, each a scan
of a table that grows with the square of an article's entities over the archive.

Revision ID: 0014
Revises: 0013
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entity_pairs_other_id", "entity_pairs", ["other_id", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_entity_pairs_other_id", table_name="entity_pairs")
