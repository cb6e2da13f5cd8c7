"""The shapes of CRM settings, targets, leads and sync status, in and out."""
from marshmallow import EXCLUDE, ValidationError as SchemaError, fields, validate, validates_schema

from core import paging
from core.schemas import Schema, UtcDateTime
from crm_sync.mapping import EXTERNAL_ID, LIMITS, STATUSES
from crm_sync.models import LEAD_KINDS
from core.i18n import N_

KINDS = ("hubspot", "salesforce", "webhook")


def _sf(name: str, **kw):
    return fields.String(allow_none=True, validate=validate.Length(max=LIMITS[name]), **kw)


class LeadSchema(Schema):
    """A Lead in Salesforce Lead field names; validates mapping output and dumps the API's Lead."""

    Id = fields.String(dump_only=True)
    FirstName = _sf("FirstName")
    LastName = fields.String(required=True, validate=validate.Length(min=1, max=LIMITS["LastName"]))
    Company = fields.String(required=True, validate=validate.Length(min=1, max=LIMITS["Company"]))
    Title = _sf("Title")
    Email = fields.Email(allow_none=True, validate=validate.Length(max=LIMITS["Email"]))
    Phone = _sf("Phone")
    Industry = _sf("Industry")
    LeadSource = fields.String(required=True, validate=validate.Length(max=LIMITS["LeadSource"]))
    Status = fields.String(load_default="New", validate=validate.OneOf(STATUSES))
    OwnerId = fields.String(allow_none=True)
    Description = _sf("Description")
    Guanxi_Person_Id__c = fields.String(required=True, validate=validate.Length(min=1, max=LIMITS[EXTERNAL_ID]))
    Guanxi_Request_Id__c = fields.String(dump_only=True, allow_none=True)  # intent leads: the request behind it
    Guanxi_Request_Category__c = fields.String(dump_only=True, allow_none=True)
    Guanxi_Known_By__c = fields.String(dump_only=True)
    Guanxi_Contact_Removed__c = fields.Boolean(dump_only=True)
    Archived = fields.Boolean(dump_only=True)
    CreatedDate = UtcDateTime(dump_only=True)
    LastModifiedDate = UtcDateTime(dump_only=True)
    # Intent leads: the asker's buying orgs' payment record (sourcing.deals), shown to the sellers on the board.
    buyer_payment_records = fields.List(fields.Dict(), dump_only=True)


LeadListSchema = paging.list_of(LeadSchema)
LEADS_CURSOR = "crm.leads"  # a board's position: the seq of the last lead shown


class LeadQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default=None, validate=validate.OneOf(
        ("", *STATUSES), error="Must be one of: " + ", ".join(STATUSES) + " (or empty for all)."))
    owner = fields.String(load_default=None, validate=validate.Length(max=64))
    source = fields.String(load_default=None, validate=validate.OneOf(
        ("", *LEAD_KINDS), error="Must be one of: " + ", ".join(LEAD_KINDS) + " (or empty for both)."))
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    cursor = paging.Cursor(LEADS_CURSOR, (int,))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    archived = fields.Boolean(load_default=False)  # archived leads are hidden unless asked for


class LeadPatchSchema(Schema):
    Status = fields.String(validate=validate.OneOf(STATUSES))
    OwnerId = fields.String(validate=validate.Length(min=1, max=36))  # a member of the org (else 400 naming OwnerId)
    Archived = fields.Boolean()

    @validates_schema
    def _require_a_change(self, data, **_kw):
        if not data:
            raise SchemaError(N_("Send Status, OwnerId or Archived."), "_schema")


class CrmSettingsInSchema(Schema):
    enabled = fields.Boolean(required=True)
    targets = fields.List(fields.Dict(), load_default=None)


class TargetInSchema(Schema):
    id = fields.String(load_default=None)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = fields.String(load_default="", validate=validate.Length(max=100))
    enabled = fields.Boolean(load_default=True)


class HubSpotConfigSchema(Schema):
    access_token = fields.String(required=True, validate=validate.Length(min=1, max=500))
    base_url = fields.String(load_default="https://api.hubapi.com", validate=validate.Length(max=300))
    id_property = fields.String(load_default="guanxi_person_id",
                                validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,99}$", error="Not a HubSpot property name."))
    # The app's client secret: checks the v3 signature of HubSpot's webhooks (inbound changes); optional.
    client_secret = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=8, max=500))


class SalesforceConfigSchema(Schema):
    instance_url = fields.String(required=True, validate=validate.Length(min=1, max=300))
    access_token = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    api_version = fields.String(load_default="v60.0", validate=validate.Regexp(r"^v\d{2,3}\.0$", error="Like v60.0."))
    # The Salesforce user our token acts as: Leads it modified last carry what we pushed (not changes to bring back).
    integration_user_id = fields.String(load_default=None, allow_none=True,
                                        validate=validate.Regexp(r"^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$", error="A Salesforce user id."))


class WebhookConfigSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=500))
    secret = fields.String(required=True, validate=validate.Length(min=16, max=500))


# Which fields of each kind are credentials (encrypted, masked) and which are urls (checked).
CONFIG_SCHEMAS = {"hubspot": HubSpotConfigSchema, "salesforce": SalesforceConfigSchema, "webhook": WebhookConfigSchema}
SECRET_FIELDS = {"hubspot": ("access_token",), "salesforce": ("access_token",), "webhook": ("secret",)}
OPTIONAL_SECRET_FIELDS = {"hubspot": ("client_secret",)}  # encrypted and masked too, kept when omitted
URL_FIELDS = {"hubspot": ("base_url",), "salesforce": ("instance_url",), "webhook": ("url",)}


class RunSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    created = fields.Integer()
    updated = fields.Integer()
    failed = fields.Integer()
    needs_review = fields.Integer()
    message = fields.String(allow_none=True)
    started_at = UtcDateTime()
    finished_at = UtcDateTime(allow_none=True)


class TargetSchema(Schema):
    id = fields.String()
    kind = fields.String()
    name = fields.String()
    enabled = fields.Boolean()
    settings = fields.Dict()
    credentials = fields.Dict(attribute="secret_hint")
    paused_until = UtcDateTime(allow_none=True)


class CrmSettingsSchema(Schema):
    org_id = fields.String()
    enabled = fields.Boolean()
    targets = fields.List(fields.Nested(TargetSchema))


class TargetStatusSchema(TargetSchema):
    last_run = fields.Nested(RunSchema, allow_none=True)
    last_inbound_run = fields.Nested(RunSchema, allow_none=True)  # changes the target brought back
    totals = fields.Dict()
    pending = fields.Integer()
    problems = fields.List(fields.Dict())


class SyncStatusSchema(Schema):
    org_id = fields.String()
    enabled = fields.Boolean()
    outbox = fields.Dict()
    targets = fields.List(fields.Nested(TargetStatusSchema))


class RequeuedSchema(Schema):
    requeued = fields.Integer()
