"""session version, last login IP, login throttle counters

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:40:00.000000

Existing accounts start at session version 1; their sessions end once (the cookie format changed),
so everyone logs in again after the upgrade. The old per-failure rows are not carried over: they
are at most a day of transient guessing counts, and the new counters count per IP too. Feed
tokens of accounts that are disabled are revoked.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('login_throttle',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_last_failure_at'), ['last_failure_at'], unique=False)

    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_email'))
    op.drop_table('login_failure')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_login_ip', sqlmodel.sql.sqltypes.AutoString(length=45), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))

    # Tokens of accounts disabled before this revision would come back when the account is
    # enabled again; from now on disabling revokes them, so revoke those left over too.
    feed_token = sa.table(
        'feedtoken',
        sa.column('user_id', sa.Integer()),
        sa.column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime()),
    )
    app_user = sa.table('app_user', sa.column('id', sa.Integer()), sa.column('active', sa.Boolean()))
    disabled = sa.select(app_user.c.id).where(app_user.c.active.is_(False))
    op.execute(
        feed_token.update()
        .where(feed_token.c.revoked_at.is_(None), feed_token.c.user_id.in_(disabled))
        .values(revoked_at=datetime.now(UTC))
    )


def downgrade() -> None:
    # In place (ALTER TABLE ... DROP COLUMN, SQLite 3.35+), not in batch mode: SQLite would copy
    # app_user, which the foreign keys pointing at it (voortgang, feedtoken, ...) refuse.
    op.drop_column('app_user', 'session_version')
    op.drop_column('app_user', 'last_login_ip')

    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('failed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_email'), ['email'], unique=False)

    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_last_failure_at'))
    op.drop_table('login_throttle')
