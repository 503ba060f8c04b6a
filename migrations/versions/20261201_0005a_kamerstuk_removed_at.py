"""kamerstuk removed_at

Revision ID: 0005a
Revises: 0005
Create Date: 2026-12-01 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005a'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Reviewed: in place, not in batch mode: SQLite would copy the table, which the foreign keys
    # pointing at kamerstuk (voortgang, toezegging, motie) refuse. Existing documents are all in
    # the plan, so NULL (not removed) is right for every row.
    op.add_column('kamerstuk', sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    # In place (ALTER TABLE ... DROP COLUMN, SQLite 3.35+), for the same reason as in upgrade().
    op.drop_column('kamerstuk', 'removed_at')
