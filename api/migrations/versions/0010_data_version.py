"""read path: the data's version, one row moved forward by every write (response cache keys)

Revision ID: 0010
Revises: 0009
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE data_version (id INTEGER NOT NULL PRIMARY KEY, value BIGINT NOT NULL)")
    op.execute("INSERT INTO data_version (id, value) VALUES (1, 1)")


def downgrade():
    op.execute("DROP TABLE data_version")
