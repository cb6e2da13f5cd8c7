"""notifications: actor and subject

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 04:34:39.355884
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('subject_type', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key('fk_notifications_actor_id_users', 'users', ['actor_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint('fk_notifications_actor_id_users', type_='foreignkey')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_type')
        batch_op.drop_column('actor_id')

