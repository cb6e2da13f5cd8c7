"""The shapes of opportunities and activities, in and out (Salesforce Opportunity field names)."""
from marshmallow import EXCLUDE, ValidationError as SchemaError, fields, validate, validates_schema

from core import paging
from core.schemas import Schema, UtcDateTime
from crm_sync.pipeline_models import ACTIVITY_TYPES
from crm_sync.stages import STAGES
from core.i18n import N_

STAGE = validate.OneOf(tuple(STAGES), error="Must be one of: " + ", ".join(STAGES) + ".")


def amount_in_range(value) -> None:  # not validate.Range: OpenAPI would render its bounds as Decimals
    """Amount: 0 up to what Numeric(18, 2) holds."""
    if not 0 <= value < 10 ** 16:
        raise SchemaError(N_("Must be between 0 and 9,999,999,999,999,999.99."))


class OpportunitySchema(Schema):
    Id = fields.String()
    Name = fields.String()
    StageName = fields.String()
    Amount = fields.Float(allow_none=True)
    CloseDate = fields.Date()
    Probability = fields.Integer()
    OwnerId = fields.String(allow_none=True)
    Guanxi_Lead_Id__c = fields.String()
    IsClosed = fields.Boolean()
    IsWon = fields.Boolean()
    CreatedDate = UtcDateTime()
    LastModifiedDate = UtcDateTime()


OpportunityListSchema = paging.list_of(OpportunitySchema)
OPPORTUNITIES_CURSOR = "crm.opportunities"


class ConvertSchema(Schema):
    Name = fields.String(validate=validate.Length(min=1, max=120))
    Amount = fields.Decimal(places=2, allow_none=True, validate=amount_in_range)
    CloseDate = fields.Date()
    StageName = fields.String(validate=STAGE)
    Probability = fields.Integer(validate=validate.Range(min=0, max=100))


class OpportunityPatchSchema(ConvertSchema):
    OwnerId = fields.String(validate=validate.Length(min=1, max=36))

    @validates_schema
    def _require_a_change(self, data, **_kw):
        if not data:
            raise SchemaError(N_("Send at least one of Name, StageName, Amount, CloseDate, Probability, OwnerId."), "_schema")


class OpportunityQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    StageName = fields.String(load_default=None, validate=validate.OneOf(("", *STAGES)))
    OwnerId = fields.String(load_default=None, validate=validate.Length(max=64))
    cursor = paging.Cursor(OPPORTUNITIES_CURSOR, (int,))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class ActivityInSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(ACTIVITY_TYPES))
    body = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    due_on = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def _due_only_on_tasks(self, data, **_kw):
        if data.get("due_on") and data.get("type") != "task":
            raise SchemaError(N_("Only a task has a due date."), "due_on")


class ActivityPatchSchema(Schema):
    done = fields.Boolean(required=True)


class ActivitySchema(Schema):
    id = fields.String()
    type = fields.String()
    body = fields.String()
    due_on = fields.Date(allow_none=True)
    done = fields.Boolean()
    author_id = fields.String()
    author_name = fields.String()
    lead_id = fields.String(allow_none=True)
    opportunity_id = fields.String(allow_none=True)
    created_at = UtcDateTime()
    done_at = UtcDateTime(allow_none=True)


ActivityListSchema = paging.list_of(ActivitySchema)
