"""group members change: a message's kind (message, member_added, member_removed) and whom it is about

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 07:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='message'))
        batch.add_column(sa.Column('member_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('member_id')
        batch.drop_column('kind')
