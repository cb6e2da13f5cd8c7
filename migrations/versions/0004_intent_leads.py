"""crm intent leads: a lead kind per (org, person), the request behind an intent lead, consent withdrawals

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# 0003 left the (org_id, person_id) unique constraint unnamed: SQLite reflects it without a name, so batch mode
# names it by this convention; PostgreSQL named it itself (crm_leads_org_id_person_id_key), found by inspection.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _unique_name(columns: list[str]) -> str:
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints("crm_leads"):
        if constraint["column_names"] == columns and constraint["name"]:
            return constraint["name"]
    return NAMING["uq"] % {"table_name": "crm_leads", "column_0_name": columns[0]}


def upgrade() -> None:
    old = _unique_name(["org_id", "person_id"])
    with op.batch_alter_table('crm_leads', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='network', nullable=False))
        batch_op.add_column(sa.Column('request_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('request_category', sa.String(length=255), nullable=True))
        batch_op.drop_constraint(old, type_='unique')
        batch_op.create_unique_constraint('uq_crm_leads_org_person_kind', ['org_id', 'person_id', 'kind'])

    op.create_table('crm_consent_withdrawals',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('crm_consent_withdrawals')
    # Intent leads have no place in the old one-lead-per-(org, person) table.
    op.execute("DELETE FROM crm_leads WHERE kind <> 'network'")
    with op.batch_alter_table('crm_leads', schema=None) as batch_op:
        batch_op.drop_constraint('uq_crm_leads_org_person_kind', type_='unique')
        batch_op.create_unique_constraint('crm_leads_org_id_person_id_key', ['org_id', 'person_id'])
        batch_op.drop_column('request_category')
        batch_op.drop_column('request_id')
        batch_op.drop_column('kind')
