"""crm pipeline: opportunities, activities, lead housekeeping (archived, owner by hand), opportunity deliveries

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 07:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'crm_opportunities',
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('org_id', sa.String(length=36), nullable=False),
        sa.Column('lead_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('stage_name', sa.String(length=40), nullable=False),
        sa.Column('amount', sa.Numeric(18, 2), nullable=True),
        sa.Column('close_date', sa.Date(), nullable=False),
        sa.Column('probability', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.String(length=36), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['lead_id'], ['crm_leads.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('id'),
        sa.UniqueConstraint('lead_id'),
    )
    op.create_index('ix_crm_opportunities_org_seq', 'crm_opportunities', ['org_id', 'seq'])
    op.create_index('ix_crm_opportunities_stage_name', 'crm_opportunities', ['stage_name'])
    op.create_index('ix_crm_opportunities_owner_id', 'crm_opportunities', ['owner_id'])
    op.create_table(
        'crm_activities',
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('org_id', sa.String(length=36), nullable=False),
        sa.Column('lead_id', sa.String(length=36), nullable=True),
        sa.Column('opportunity_id', sa.String(length=36), nullable=True),
        sa.Column('type', sa.String(length=10), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('done', sa.Boolean(), nullable=False),
        sa.Column('author_id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['lead_id'], ['crm_leads.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['opportunity_id'], ['crm_opportunities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('id'),
    )
    op.create_index('ix_crm_activities_lead_id', 'crm_activities', ['lead_id'])
    op.create_index('ix_crm_activities_opportunity_id', 'crm_activities', ['opportunity_id'])
    op.create_table(
        'crm_lead_housekeeping',
        sa.Column('lead_id', sa.String(length=36), nullable=False),
        sa.Column('org_id', sa.String(length=36), nullable=False),
        sa.Column('archived', sa.Boolean(), nullable=False),
        sa.Column('owner_id', sa.String(length=36), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['lead_id'], ['crm_leads.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('lead_id'),
    )
    op.create_index('ix_crm_lead_housekeeping_org_id', 'crm_lead_housekeeping', ['org_id'])
    op.create_table(
        'crm_opportunity_deliveries',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('target_id', sa.String(length=36), nullable=False),
        sa.Column('opportunity_id', sa.String(length=36), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('wanted_version', sa.Integer(), nullable=False),
        sa.Column('sent_version', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(length=64), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['target_id'], ['crm_targets.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['opportunity_id'], ['crm_opportunities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('target_id', 'opportunity_id'),
    )
    op.create_index('ix_crm_opportunity_deliveries_due', 'crm_opportunity_deliveries',
                    ['target_id', 'state', 'next_attempt_at'])
    op.create_index('ix_crm_opportunity_deliveries_opportunity_id', 'crm_opportunity_deliveries', ['opportunity_id'])


def downgrade() -> None:
    op.drop_table('crm_opportunity_deliveries')
    op.drop_table('crm_lead_housekeeping')
    op.drop_table('crm_activities')
    op.drop_table('crm_opportunities')
