"""reporting rounds (rapportageronde)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:00:00.000000

A new table; no existing rows to carry over.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rapportageronde',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('cutoff', sa.Date(), nullable=False),
    sa.Column('opened_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['opened_by_id'], ['app_user.id'], name=op.f('fk_rapportageronde_opened_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rapportageronde')),
    sa.UniqueConstraint('name', name=op.f('uq_rapportageronde_name'))
    )
    with op.batch_alter_table('rapportageronde', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rapportageronde_cutoff'), ['cutoff'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rapportageronde', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rapportageronde_cutoff'))
    op.drop_table('rapportageronde')
