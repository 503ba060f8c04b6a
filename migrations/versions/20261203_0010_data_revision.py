"""data revision token (the read model's cache key)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:00:00.000000

A new table; it starts empty (the first write to the plan or its progress fills it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('data_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_revision'))
    )


def downgrade() -> None:
    op.drop_table('data_revision')
