"""consent on the account: users.crm_consent_at replaces the withdrawals table an event used to fill

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('crm_consent_at', sa.DateTime(timezone=True), nullable=True))
    # A recorded withdrawal is when the account's consent last changed (to "no").
    op.execute("UPDATE users SET crm_consent_at = (SELECT w.withdrawn_at FROM crm_consent_withdrawals w "
               "WHERE w.user_id = users.id) WHERE crm_consent = false")
    op.drop_table('crm_consent_withdrawals')


def downgrade() -> None:
    op.create_table('crm_consent_withdrawals',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.execute("INSERT INTO crm_consent_withdrawals (user_id, withdrawn_at) SELECT id, crm_consent_at FROM users "
               "WHERE crm_consent = false AND crm_consent_at IS NOT NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('crm_consent_at')
