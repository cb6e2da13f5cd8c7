"""The shapes of sourcing projects, criteria, candidates and score sheets, in and out."""
from marshmallow import fields, validate, validates_schema
from marshmallow import ValidationError as SchemaError

from core import paging
from core.schemas import Schema, Stripped, UtcDateTime
from core.i18n import N_

SCORE = validate.Range(min=1, max=5, error=N_("Score from 1 to 5."))


class CriterionSchema(Stripped):
    name = fields.String(required=True, validate=validate.Length(min=1, max=60, error=N_("Name it in 1 to 60 characters.")))
    weight = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False, max=1000,
                                                                 error=N_("A weight above 0 (they are scaled to sum to 100).")))


def _unique_names(criteria: list[dict]) -> None:
    names = [c["name"].lower() for c in criteria]
    if len(set(names)) != len(names):
        raise SchemaError({"criteria": [N_("Each criterion needs its own name.")]})


class ProjectCreateSchema(Stripped):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200, error=N_("Give a title of 1 to 200 characters.")))
    category = fields.String(required=True, validate=validate.Length(min=1, max=120, error=N_("Name a category.")))
    need = fields.String(load_default="", validate=validate.Length(max=5000))
    due_on = fields.Date(allow_none=True, load_default=None)
    criteria = fields.List(fields.Nested(CriterionSchema), load_default=None,
                           validate=validate.Length(min=1, max=12, error=N_("Between 1 and 12 criteria.")))

    @validates_schema
    def criteria_named_once(self, data, **_kw):
        if data.get("criteria"):
            _unique_names(data["criteria"])


class CriteriaUpdateSchema(Schema):
    criteria = fields.List(fields.Nested(CriterionSchema), required=True,
                           validate=validate.Length(min=1, max=12, error=N_("Between 1 and 12 criteria.")))

    @validates_schema
    def criteria_named_once(self, data, **_kw):
        _unique_names(data["criteria"])


class CandidateCreateSchema(Stripped):
    company_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ScoreSheetCreateSchema(Stripped):
    scores = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=60)),
                         values=fields.Integer(strict=True, validate=SCORE), required=True,
                         metadata={"description": "criterion name → 1..5, one for every criterion"})
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class MemberRefSchema(Schema):
    id = fields.String()
    name = fields.String()


class CandidateCompanySchema(Schema):
    id = fields.String()
    name = fields.String()


class ScoreSheetSchema(Schema):
    company_id = fields.String()
    member_id = fields.String()
    scores = fields.Dict(keys=fields.String(), values=fields.Integer())
    comment = fields.String()
    updated_at = UtcDateTime()


class CandidateSchema(Schema):
    company_id = fields.String()
    company = fields.Nested(CandidateCompanySchema)
    source = fields.String(metadata={"description": "shortlist (evidence kept as it was that day) or manual"})
    evidence = fields.Dict(metadata={"description": "the trusted shortlist's evidence on the day it was added"})
    added_at = UtcDateTime()
    score = fields.Float(allow_none=True, metadata={"description": "mean of the members' weighted scores, 1..5"})
    by_criterion = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    spread = fields.Float(metadata={"description": "highest minus lowest member's weighted score"})
    criterion_spread = fields.Dict(keys=fields.String(), values=fields.Integer())
    disagreements = fields.List(fields.String(), metadata={"description": "criteria scored 2+ points apart"})
    scored_by = fields.List(fields.String())
    not_scored_by = fields.List(fields.String())
    my_sheet = fields.Nested(ScoreSheetSchema, allow_none=True)
    quote = fields.Dict(allow_none=True, metadata={"description": "the candidate's latest quote, once it sent one"})


class HistoryEntrySchema(Schema):
    seq = fields.Integer()
    kind = fields.String()
    at = UtcDateTime()
    actor = fields.Nested(MemberRefSchema, allow_none=True)
    data = fields.Dict()


class ProjectSummarySchema(Schema):
    id = fields.String()
    org_id = fields.String()
    org_name = fields.String()
    title = fields.String()
    category = fields.String()
    need = fields.String()
    due_on = fields.Date(allow_none=True)
    status = fields.String(metadata={"description": "open | pending_approval | decided"})
    created_at = UtcDateTime()
    candidate_count = fields.Integer()


class ProjectSchema(ProjectSummarySchema):
    criteria = fields.List(fields.Nested(CriterionSchema))
    candidates = fields.List(fields.Nested(CandidateSchema))
    members = fields.List(fields.Nested(MemberRefSchema))
    history = fields.List(fields.Nested(HistoryEntrySchema))
    decision = fields.Dict(allow_none=True)


ProjectListSchema = paging.list_of(ProjectSummarySchema, name="ProjectList")
