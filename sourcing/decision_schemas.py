"""The shapes of the approval rule, decisions, deals, payments and the SRM export, in and out."""
from marshmallow import fields, validate

from core import paging
from core.schemas import Schema, Stripped, UtcDateTime
from core.i18n import N_


class ApprovalRuleUpdateSchema(Schema):
    approvals_required = fields.Integer(required=True, strict=True, validate=validate.Range(
        min=1, max=20, error=N_("Between 1 and 20 approvals.")))


class PersonRefSchema(Schema):
    id = fields.String()
    name = fields.String()


class SourcingSettingsSchema(Schema):
    org_id = fields.String()
    approvals_required = fields.Integer(metadata={"description": "the org's setting (default 2)"})
    approvals_needed = fields.Integer(metadata={"description": "the setting, or the number of admins when fewer"})
    approvers = fields.List(fields.Nested(PersonRefSchema), metadata={"description": "the org's admins"})


class ProposalSchema(Stripped):
    company_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    rationale = fields.String(required=True, validate=validate.Length(
        min=1, max=5000, error=N_("Give the reasons in 1 to 5000 characters.")))


class RejectSchema(Stripped):
    reason = fields.String(required=True, validate=validate.Length(
        min=1, max=2000, error=N_("Say why in 1 to 2000 characters.")))


class ApprovalSchema(Schema):
    id = fields.String(metadata={"description": "the approver's user id"})
    name = fields.String()
    at = fields.String(metadata={"description": "ISO 8601, UTC"})


class NamedRefSchema(Schema):
    id = fields.String()
    name = fields.String()


class DealRefSchema(Schema):
    id = fields.String()
    buyer_org = fields.Nested(NamedRefSchema, metadata={"description": "{id, name} of the buying org"})
    vendor_company = fields.Nested(NamedRefSchema)


class SourcingDecisionSchema(Schema):
    id = fields.String()
    company_id = fields.String()
    company = fields.Nested(NamedRefSchema)
    status = fields.String(metadata={"description": "pending_approval | decided | rejected"})
    rationale = fields.String()
    proposed_by = fields.Nested(PersonRefSchema)
    proposed_at = fields.String()
    approvals = fields.List(fields.Nested(ApprovalSchema))
    approvals_needed = fields.Integer()
    decided_at = fields.String(allow_none=True)
    deal_id = fields.String(allow_none=True)
    deal = fields.Nested(DealRefSchema, allow_none=True, metadata={"description": "the deal, once decided"})
    rejection = fields.Dict(allow_none=True, metadata={"description": "{reason, by, at} when an admin said no"})


class DeliveredSchema(Schema):
    delivered_on = fields.Date(required=True, metadata={"description": "not in the future"})


class PaymentSchema(Schema):
    on_time = fields.Boolean(required=True)
    paid_on = fields.Date(required=True, metadata={"description": "not in the future"})


class DealSchema(DealRefSchema):
    project_id = fields.String(allow_none=True, metadata={"description": "the buying team's project (its members only)"})
    project_title = fields.String(allow_none=True)
    buyer_org_id = fields.String()
    vendor_company_id = fields.String()
    opened_at = UtcDateTime()
    delivered_on = fields.Date(allow_none=True)
    paid_on = fields.Date(allow_none=True)
    on_time = fields.Boolean(allow_none=True, metadata={"description": "the vendor's word: paid on time"})
    viewer_role = fields.String(metadata={"description": "buyer (a member of the buying org) or vendor (its staff)"})


DealListSchema = paging.list_of(DealSchema, name="DealList")


class ExportApprovalSchema(Schema):
    name = fields.String()
    at = fields.String()


class ExportDealSchema(Schema):
    id = fields.String()
    delivered_on = fields.Date(allow_none=True)
    paid_on = fields.Date(allow_none=True)
    payment_on_time = fields.Boolean(allow_none=True)


class ExportDecisionSchema(Schema):
    company_id = fields.String()
    company = fields.String()
    status = fields.String()
    rationale = fields.String()
    proposed_by = fields.String()
    proposed_at = fields.String()
    approvals = fields.List(fields.Nested(ExportApprovalSchema))
    approvals_needed = fields.Integer()
    decided_at = fields.String(allow_none=True)
    deal = fields.Nested(ExportDealSchema, allow_none=True)


class ExportProjectSchema(Schema):
    id = fields.String()
    title = fields.String()
    category = fields.String()
    need = fields.String()
    due_on = fields.Date(allow_none=True)
    status = fields.String()
    created_at = UtcDateTime()
    buyer_org = fields.Nested(NamedRefSchema)


class ExportCriterionSchema(Schema):
    name = fields.String()
    weight = fields.Float(metadata={"description": "weights sum to 100"})


class ExportCandidateSchema(Schema):
    rank = fields.Integer()
    company_id = fields.String()
    company = fields.String()
    source = fields.String()
    team_score = fields.Float(allow_none=True, metadata={"description": "mean of the members' weighted scores, 1..5"})
    by_criterion = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    spread = fields.Float()
    scored_by = fields.Integer(metadata={"description": "how many members scored it"})


class ExportSchema(Schema):
    format = fields.String(metadata={"description": "guanxi.sourcing-export/1"})
    exported_at = UtcDateTime()
    project = fields.Nested(ExportProjectSchema)
    criteria = fields.List(fields.Nested(ExportCriterionSchema))
    candidates = fields.List(fields.Nested(ExportCandidateSchema))
    decision = fields.Nested(ExportDecisionSchema, allow_none=True)


class ApprovalWaitingSchema(Schema):
    """A proposal waiting for the caller's approval (GET /api/home)."""

    project_id = fields.String()
    project_title = fields.String()
    org_name = fields.String()
    company = fields.Nested(NamedRefSchema)
    rationale = fields.String()
    proposed_at = UtcDateTime()
