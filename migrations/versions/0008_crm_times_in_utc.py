"""crm times in UTC: crm_sync's timestamp columns become timezone-aware, like every other table's

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# {table: [(column, nullable)]}: every DateTime column of crm_sync/models.py.
COLUMNS = {
    'crm_settings': [('updated_at', False), ('reconciled_at', True)],
    'crm_targets': [('paused_until', True), ('lease_until', True), ('created_at', False)],
    'crm_leads': [('created_at', False), ('updated_at', False)],
    'crm_outbox': [('next_attempt_at', False), ('lease_until', True), ('created_at', False), ('processed_at', True)],
    'crm_deliveries': [('next_attempt_at', False), ('updated_at', False)],
    'crm_sync_runs': [('started_at', False), ('finished_at', True)],
}


def upgrade() -> None:
    _retype(sa.DateTime(), sa.DateTime(timezone=True))


def downgrade() -> None:
    _retype(sa.DateTime(timezone=True), sa.DateTime())


def _retype(old: sa.DateTime, new: sa.DateTime) -> None:
    """The stored values were always UTC (the app wrote naive UTC), so each is read as UTC, never as local time."""
    # SQLite has no timestamp types: both are the same DATETIME text and SQLAlchemy writes both the same way, so
    # there is nothing to convert (a batch copy of six tables would change nothing but cost time).
    if op.get_bind().dialect.name == 'sqlite':
        return
    for table, columns in COLUMNS.items():
        for column, nullable in columns:
            # PostgreSQL: timestamp AT TIME ZONE 'UTC' gives timestamptz and timestamptz AT TIME ZONE 'UTC' gives
            # timestamp, so the same USING clause converts either way without depending on the session's TimeZone.
            op.alter_column(table, column, type_=new, existing_type=old, existing_nullable=nullable,
                            postgresql_using=f"{column} AT TIME ZONE 'UTC'")
