"""notification settings: kinds turned off, kinds in the email digest, its frequency

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 05:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'notification_settings',
        sa.Column('user_id', sa.String(length=36), nullable=False),
        sa.Column('muted', sa.Text(), nullable=False),
        sa.Column('not_emailed', sa.Text(), nullable=False),
        sa.Column('digest', sa.String(length=10), nullable=False),
        sa.Column('last_digest_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )


def downgrade() -> None:
    op.drop_table('notification_settings')
