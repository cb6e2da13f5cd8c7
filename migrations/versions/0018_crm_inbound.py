"""crm inbound: when Status / Owner last changed and where, per-target owner map and poll mark, seen event ids

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 07:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('crm_leads') as batch:
        batch.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('status_origin', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('owner_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('owner_origin', sa.String(length=20), nullable=True))
    with op.batch_alter_table('crm_sync_runs') as batch:
        batch.add_column(sa.Column('direction', sa.String(length=10), nullable=False, server_default='outbound'))
    op.create_table(
        'crm_inbound_state',
        sa.Column('target_id', sa.String(length=36), nullable=False),
        sa.Column('owner_map', sa.JSON(), nullable=False),
        sa.Column('polled_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('polled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['target_id'], ['crm_targets.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('target_id'),
    )
    op.create_table(
        'crm_inbound_seen',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('target_id', sa.String(length=36), nullable=False),
        sa.Column('event_id', sa.String(length=100), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['target_id'], ['crm_targets.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('target_id', 'event_id', name='uq_crm_inbound_seen'),
    )
    op.create_index('ix_crm_inbound_seen_at', 'crm_inbound_seen', ['seen_at'])


def downgrade() -> None:
    op.drop_index('ix_crm_inbound_seen_at', table_name='crm_inbound_seen')
    op.drop_table('crm_inbound_seen')
    op.drop_table('crm_inbound_state')
    with op.batch_alter_table('crm_sync_runs') as batch:
        batch.drop_column('direction')
    with op.batch_alter_table('crm_leads') as batch:
        for column in ('owner_origin', 'owner_changed_at', 'status_origin', 'status_changed_at'):
            batch.drop_column(column)
