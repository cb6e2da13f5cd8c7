"""moderation: platform admins, reports of reviews, and the moderators' decisions

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('platform_admin_since', sa.DateTime(timezone=True), nullable=True))

    op.create_table('review_flags',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('review_id', sa.String(length=64), nullable=False),
    sa.Column('company_id', sa.String(length=64), nullable=False),
    sa.Column('reporter_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('review_id', 'reporter_id')
    )
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.create_index('ix_review_flags_open', ['resolved_at', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_flags_review_id'), ['review_id'], unique=False)

    op.create_table('moderation_decisions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('review_id', sa.String(length=64), nullable=False),
    sa.Column('company_id', sa.String(length=64), nullable=False),
    sa.Column('moderator_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('moderation_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_decisions_review_id'), ['review_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('moderation_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_decisions_review_id'))
    op.drop_table('moderation_decisions')
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_flags_review_id'))
        batch_op.drop_index('ix_review_flags_open')
    op.drop_table('review_flags')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('platform_admin_since')
