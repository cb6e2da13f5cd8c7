"""industry communities: one channel per industry (a conversation of kind "community") and its removed members

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 07:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'communities',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('industry_key', sa.String(length=100), nullable=False),
        sa.Column('industry', sa.String(length=100), nullable=False),
        sa.Column('conversation_id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('industry_key'),
        sa.UniqueConstraint('conversation_id'),
    )
    op.create_table(
        'community_bans',
        sa.Column('community_id', sa.String(length=36), nullable=False),
        sa.Column('user_id', sa.String(length=36), nullable=False),
        sa.Column('banned_by', sa.String(length=36), nullable=True),
        sa.Column('until', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['banned_by'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('community_id', 'user_id'),
    )


def downgrade() -> None:
    op.drop_table('community_bans')
    op.drop_table('communities')
