"""Kamer register: status history, normalised document references, open-data fields

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:33:23.360833

Every existing toezegging and motie gets its current status as the first history entry (no
earlier status, by "migratie 0008", dated by the document that settled it or its origin), so the
register shows a history for every item from the start. Existing documents get their reference
read from the citation.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kamer_status_wijziging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('changed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_via', sa.Enum('form', 'seed', 'import', 'open_data', name='recordedvia', native_enum=False, length=32), nullable=False),
    sa.Column('recorded_ref', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('old_status', sa.Enum('open', 'deels', 'gestand_gedaan', 'afgedaan', 'vervallen', name='commitmentstatus', native_enum=False, length=32), nullable=True),
    sa.Column('new_status', sa.Enum('open', 'deels', 'gestand_gedaan', 'afgedaan', 'vervallen', name='commitmentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['app_user.id'], name=op.f('fk_kamer_status_wijziging_changed_by_id_app_user')),
    sa.ForeignKeyConstraint(['commitment_id'], ['kamer_commitment.id'], name=op.f('fk_kamer_status_wijziging_commitment_id_kamer_commitment')),
    sa.ForeignKeyConstraint(['document_id'], ['kamerstuk.id'], name=op.f('fk_kamer_status_wijziging_document_id_kamerstuk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kamer_status_wijziging')),
    sa.UniqueConstraint('recorded_via', 'recorded_ref', name=op.f('uq_kamer_status_wijziging_recorded_via_recorded_ref'))
    )
    with op.batch_alter_table('kamer_status_wijziging', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kamer_status_wijziging_commitment_id'), ['commitment_id'], unique=False)

    with op.batch_alter_table('kamer_commitment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fulfil_by', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('promised_by', sqlmodel.sql.sqltypes.AutoString(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ministry', sqlmodel.sql.sqltypes.AutoString(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('debate_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))

    with op.batch_alter_table('kamerstuk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.create_index(batch_op.f('ix_kamerstuk_reference'), ['reference'], unique=True)

    _fill_references()
    _first_history_entries()


def _fill_references() -> None:
    # The normalisation rule as of this revision; later changes to it do not rewrite old rows.
    from app.domain.references import NUMBERED_KINDS, normal_reference

    kamerstuk = sa.table(
        'kamerstuk',
        sa.column('id', sa.Integer()),
        sa.column('kind', sa.String()),
        sa.column('citation', sa.Text()),
        sa.column('reference', sa.String()),
    )
    bind = op.get_bind()
    seen: set[str] = set()
    rows = bind.execute(sa.select(kamerstuk.c.id, kamerstuk.c.kind, kamerstuk.c.citation))
    for row_id, kind, citation in rows.all():
        reference = normal_reference(citation) if kind in NUMBERED_KINDS else None
        if reference is None or reference in seen:  # a duplicate stays without: both rows remain
            continue
        seen.add(reference)
        bind.execute(
            kamerstuk.update().where(kamerstuk.c.id == row_id).values(reference=reference)
        )


def _first_history_entries() -> None:
    commitment = sa.table(
        'kamer_commitment',
        sa.column('id', sa.Integer()),
        sa.column('status', sa.String()),
        sa.column('status_source_id', sa.Integer()),
        sa.column('origin_date', sa.Date()),
    )
    kamerstuk = sa.table(
        'kamerstuk', sa.column('id', sa.Integer()), sa.column('document_date', sa.Date())
    )
    history = sa.table(
        'kamer_status_wijziging',
        sa.column('commitment_id', sa.Integer()),
        sa.column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column('effective_date', sa.Date()),
        sa.column('changed_by', sa.String()),
        sa.column('recorded_via', sa.String()),
        sa.column('new_status', sa.String()),
        sa.column('document_id', sa.Integer()),
        sa.column('reason', sa.Text()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            commitment.c.id,
            commitment.c.status,
            commitment.c.status_source_id,
            sa.func.coalesce(kamerstuk.c.document_date, commitment.c.origin_date),
        ).outerjoin(kamerstuk, kamerstuk.c.id == commitment.c.status_source_id)
    ).all()
    now = datetime.now(UTC)
    entries = [
        {
            'commitment_id': row_id,
            'changed_at': now,
            'effective_date': effective,
            'changed_by': 'migratie 0008',
            'recorded_via': 'seed',
            'new_status': status,
            'document_id': source_id,
            'reason': 'Status bij de invoering van de statusgeschiedenis.',
        }
        for row_id, status, source_id, effective in rows
    ]
    if entries:
        op.bulk_insert(history, entries)


def downgrade() -> None:
    # Columns are dropped in place (SQLite 3.35+), not in batch mode: SQLite would copy the
    # tables, which the foreign keys pointing at them refuse.
    op.drop_index(op.f('ix_kamerstuk_reference'), table_name='kamerstuk')
    op.drop_column('kamerstuk', 'reference')
    op.drop_column('kamer_commitment', 'debate_number')
    op.drop_column('kamer_commitment', 'ministry')
    op.drop_column('kamer_commitment', 'promised_by')
    op.drop_column('kamer_commitment', 'fulfil_by')

    with op.batch_alter_table('kamer_status_wijziging', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kamer_status_wijziging_commitment_id'))
    op.drop_table('kamer_status_wijziging')
