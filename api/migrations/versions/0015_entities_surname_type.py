"""entities: the bearers of a surname found by surname and type together

The leading bearer of a bare surname is looked for as ``WHERE surname = ? AND type = 'PERSON'``
at every article that names someone by a surname. With ``surname`` alone indexed, SQLite (no
statistics) chose the ``type`` index instead and read every person of the archive (1.5 ms a
lookup at 2,127 BBC stories, growing with the archive). One index on ``(surname, type,
named_count)`` serves that lookup and every other by surname.

Revision ID: 0015
Revises: 0014
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_entities_surname", table_name="entities")
    op.create_index("ix_entities_surname_type", "entities", ["surname", "type", "named_count"])


def downgrade() -> None:
    op.drop_index("ix_entities_surname_type", table_name="entities")
    op.create_index("ix_entities_surname", "entities", ["surname"])
