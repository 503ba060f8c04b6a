"""commitments and voortgang: toezeggingen and moties in one table; where progress came from

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:31:41.687448
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns toezegging and motie shared, which kamer_commitment keeps under the same names.
_SHARED = (
    'key, text, members, origin, origin_date, due_text, due_phrase, due_start, due_end, '
    'due_precision, status, status_source_id, remarks, removed_at, created_at'
)
_OLD = (('toezegging', 'toezeggingafspraak', 'toezeggingkamerstuk'), ('motie', 'motieafspraak', 'motiekamerstuk'))


def upgrade() -> None:
    op.create_table('kamer_commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('toezegging', 'motie', name='commitmentkind', native_enum=False, length=32), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('tk_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.Column('kamerstuk_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('made_to', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('made_in', sa.Enum('debat', 'brief', name='commitmentvenue', native_enum=False, length=32), nullable=True),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('origin_date', sa.Date(), nullable=True),
    sa.Column('due_text', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('due_phrase', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('due_start', sa.Date(), nullable=True),
    sa.Column('due_end', sa.Date(), nullable=True),
    sa.Column('due_precision', sa.Enum('day', 'month', 'quarter', 'quarter_range', 'part_of_quarter', 'season', 'part_of_year', 'year', 'unknown', name='precision', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'deels', 'gestand_gedaan', 'afgedaan', 'vervallen', name='commitmentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('status_source_id', sa.Integer(), nullable=True),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind = 'motie' OR kamerstuk_number IS NULL", name=op.f('ck_kamer_commitment_kamerstuk_number_only_motie')),
    sa.CheckConstraint("kind = 'toezegging' OR (made_to IS NULL AND made_in IS NULL)", name=op.f('ck_kamer_commitment_made_to_in_only_toezegging')),
    sa.ForeignKeyConstraint(['status_source_id'], ['kamerstuk.id'], name=op.f('fk_kamer_commitment_status_source_id_kamerstuk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kamer_commitment')),
    sa.UniqueConstraint('key', name=op.f('uq_kamer_commitment_key')),
    sa.UniqueConstraint('tk_number', name=op.f('uq_kamer_commitment_tk_number'))
    )
    with op.batch_alter_table('kamer_commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kamer_commitment_kind'), ['kind'], unique=False)

    op.create_table('kamer_commitment_afspraak',
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('afspraak_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['afspraak_id'], ['afspraak.id'], name=op.f('fk_kamer_commitment_afspraak_afspraak_id_afspraak')),
    sa.ForeignKeyConstraint(['commitment_id'], ['kamer_commitment.id'], name=op.f('fk_kamer_commitment_afspraak_commitment_id_kamer_commitment')),
    sa.PrimaryKeyConstraint('commitment_id', 'afspraak_id', name=op.f('pk_kamer_commitment_afspraak'))
    )
    with op.batch_alter_table('kamer_commitment_afspraak', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kamer_commitment_afspraak_afspraak_id'), ['afspraak_id'], unique=False)

    op.create_table('kamer_commitment_kamerstuk',
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('kamerstuk_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['kamer_commitment.id'], name=op.f('fk_kamer_commitment_kamerstuk_commitment_id_kamer_commitment')),
    sa.ForeignKeyConstraint(['kamerstuk_id'], ['kamerstuk.id'], name=op.f('fk_kamer_commitment_kamerstuk_kamerstuk_id_kamerstuk')),
    sa.PrimaryKeyConstraint('commitment_id', 'kamerstuk_id', name=op.f('pk_kamer_commitment_kamerstuk'))
    )
    with op.batch_alter_table('kamer_commitment_kamerstuk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kamer_commitment_kamerstuk_kamerstuk_id'), ['kamerstuk_id'], unique=False)

    op.create_table('kamer_commitment_relation',
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('herhaling', 'wijziging', 'aanvulling', name='commitmentrelationkind', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['kamer_commitment.id'], name=op.f('fk_kamer_commitment_relation_commitment_id_kamer_commitment')),
    sa.ForeignKeyConstraint(['related_id'], ['kamer_commitment.id'], name=op.f('fk_kamer_commitment_relation_related_id_kamer_commitment')),
    sa.PrimaryKeyConstraint('commitment_id', 'related_id', 'kind', name=op.f('pk_kamer_commitment_relation'))
    )
    with op.batch_alter_table('kamer_commitment_relation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kamer_commitment_relation_related_id'), ['related_id'], unique=False)

    # Reviewed: autogenerate drops the old tables; their rows move first. Toezeggingen keep their
    # ids; moties follow them (id + the highest toezegging id), so no two rows meet. Feed UIDs,
    # plan history and SEQUENCE use the kind and the key, which stay as they were.
    bind = op.get_bind()
    offset = bind.execute(sa.text('SELECT coalesce(max(id), 0) FROM toezegging')).scalar_one()
    for (table, afspraak_link, document_link), shift in zip(_OLD, (0, offset), strict=True):
        op.execute(
            f"INSERT INTO kamer_commitment (id, kind, {_SHARED}) "
            f"SELECT id + {shift}, '{table}', {_SHARED} FROM {table}"
        )
        op.execute(
            'INSERT INTO kamer_commitment_afspraak (commitment_id, afspraak_id) '
            f'SELECT {table}_id + {shift}, afspraak_id FROM {afspraak_link}'
        )
        op.execute(
            'INSERT INTO kamer_commitment_kamerstuk (commitment_id, kamerstuk_id) '
            f'SELECT {table}_id + {shift}, kamerstuk_id FROM {document_link}'
        )
    _restart_ids('kamer_commitment')
    for table, afspraak_link, document_link in _OLD:
        op.drop_table(afspraak_link)
        op.drop_table(document_link)
        op.drop_table(table)

    # Reviewed: the columns come in nullable, are filled, and only then is recorded_via required.
    # Seeded updates (seed_key set) came from the seed; every other one came from the web form,
    # and is linked to the account whose name it carries when exactly one account has that name.
    op.add_column('voortgang', sa.Column('recorded_by_id', sa.Integer(), nullable=True))
    op.add_column('voortgang', sa.Column('recorded_via', sa.Enum('form', 'seed', 'import', name='recordedvia', native_enum=False, length=32), nullable=True))
    op.add_column('voortgang', sa.Column('recorded_ref', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
    op.execute(
        "UPDATE voortgang SET recorded_via = 'seed', recorded_ref = seed_key "
        'WHERE seed_key IS NOT NULL'
    )
    op.execute("UPDATE voortgang SET recorded_via = 'form' WHERE seed_key IS NULL")
    op.execute(
        'UPDATE voortgang SET recorded_by_id = '
        '(SELECT u.id FROM app_user u WHERE u.name = voortgang.recorded_by) '
        'WHERE seed_key IS NULL '
        'AND (SELECT count(*) FROM app_user u WHERE u.name = voortgang.recorded_by) = 1'
    )
    # SQLite copies voortgang here; no table refers to it, so its foreign keys allow the copy.
    with op.batch_alter_table('voortgang', schema=None) as batch_op:
        batch_op.alter_column('recorded_via', existing_type=sa.Enum('form', 'seed', 'import', name='recordedvia', native_enum=False, length=32), nullable=False)
        batch_op.create_index(batch_op.f('ix_voortgang_recorded_by_id'), ['recorded_by_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_voortgang_recorded_via_recorded_ref'), ['recorded_via', 'recorded_ref'])
        batch_op.create_foreign_key(batch_op.f('fk_voortgang_recorded_by_id_app_user'), 'app_user', ['recorded_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('voortgang', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_voortgang_recorded_by_id_app_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_voortgang_recorded_via_recorded_ref'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_voortgang_recorded_by_id'))
        batch_op.drop_column('recorded_ref')
        batch_op.drop_column('recorded_via')
        batch_op.drop_column('recorded_by_id')

    # The rows go back to their own tables under the ids they have now (unique per kind). What
    # the old tables had no place for is lost: tk_number, kamerstuk_number, made_to, made_in and
    # the relations between commitments.
    for table, afspraak_link, document_link in _OLD:
        _create_old_tables(table, afspraak_link, document_link)
        op.execute(
            f"INSERT INTO {table} (id, {_SHARED}) "
            f"SELECT id, {_SHARED} FROM kamer_commitment WHERE kind = '{table}'"
        )
        for link, other in ((afspraak_link, 'afspraak_id'), (document_link, 'kamerstuk_id')):
            source = 'kamer_commitment_afspraak' if other == 'afspraak_id' else 'kamer_commitment_kamerstuk'
            op.execute(
                f'INSERT INTO {link} ({table}_id, {other}) '
                f'SELECT l.commitment_id, l.{other} FROM {source} l '
                f"JOIN kamer_commitment c ON c.id = l.commitment_id WHERE c.kind = '{table}'"
            )
        _restart_ids(table)

    with op.batch_alter_table('kamer_commitment_relation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kamer_commitment_relation_related_id'))

    op.drop_table('kamer_commitment_relation')
    with op.batch_alter_table('kamer_commitment_kamerstuk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kamer_commitment_kamerstuk_kamerstuk_id'))

    op.drop_table('kamer_commitment_kamerstuk')
    with op.batch_alter_table('kamer_commitment_afspraak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kamer_commitment_afspraak_afspraak_id'))

    op.drop_table('kamer_commitment_afspraak')
    with op.batch_alter_table('kamer_commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kamer_commitment_kind'))

    op.drop_table('kamer_commitment')


def _restart_ids(table: str) -> None:
    """After rows were inserted with their ids, PostgreSQL's sequence must continue past them."""
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1), "
        f'max(id) IS NOT NULL) FROM {table}'
    )


def _create_old_tables(table: str, afspraak_link: str, document_link: str) -> None:
    """toezegging or motie and its link tables as revisions 0001 and 0003 left them."""
    op.create_table(table,
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('origin_date', sa.Date(), nullable=True),
    sa.Column('due_text', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('due_phrase', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('due_start', sa.Date(), nullable=True),
    sa.Column('due_end', sa.Date(), nullable=True),
    sa.Column('due_precision', sa.Enum('day', 'month', 'quarter', 'quarter_range', 'part_of_quarter', 'season', 'part_of_year', 'year', 'unknown', name='precision', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'gestand_gedaan', 'afgedaan', name='commitmentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('status_source_id', sa.Integer(), nullable=True),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['status_source_id'], ['kamerstuk.id'], name=op.f(f'fk_{table}_status_source_id_kamerstuk')),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    sa.UniqueConstraint('key', name=op.f(f'uq_{table}_key'))
    )
    for link, other, target in ((afspraak_link, 'afspraak_id', 'afspraak'), (document_link, 'kamerstuk_id', 'kamerstuk')):
        op.create_table(link,
        sa.Column(f'{table}_id', sa.Integer(), nullable=False),
        sa.Column(other, sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([other], [f'{target}.id'], name=op.f(f'fk_{link}_{other}_{target}')),
        sa.ForeignKeyConstraint([f'{table}_id'], [f'{table}.id'], name=op.f(f'fk_{link}_{table}_id_{table}')),
        sa.PrimaryKeyConstraint(f'{table}_id', other, name=op.f(f'pk_{link}'))
        )
