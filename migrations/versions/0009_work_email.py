"""work email: a verified work address and its domain on the account (the verified employer)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('work_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('work_email_verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('work_domain', sa.String(length=253), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_work_domain'), ['work_domain'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_work_domain'))
        batch_op.drop_column('work_domain')
        batch_op.drop_column('work_email_verified_at')
        batch_op.drop_column('work_email')
