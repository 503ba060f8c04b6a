"""plan versions

Revision ID: 0006
Revises: 0005a
Create Date: 2026-12-01 21:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Reviewed: in place, not in batch mode: SQLite would copy the table, which its foreign keys
# (voortgang -> mijlpaal) refuse (as in 0003). The server default gives existing rows version 1.


def upgrade() -> None:
    op.add_column('mijlpaal', sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    op.drop_column('mijlpaal', 'version')
