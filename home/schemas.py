"""The shape of GET /api/home: what waits for the caller, list by list."""
from marshmallow import fields

from core.schemas import Schema
from messaging.schemas import ConversationSchema
from network.schemas import RequestSchema as ConnectionRequestSchema
from sourcing.decision_schemas import ApprovalWaitingSchema
from sourcing.rfq_schemas import RfqSchema
from trust.schemas import RecommendationRequestSchema


class InviterSchema(Schema):
    id = fields.String()
    name = fields.String()


class HomeInvitationSchema(Schema):
    org_id = fields.String()
    org_name = fields.String()
    role = fields.String()
    invited_by = fields.Nested(InviterSchema, allow_none=True)


class ChecklistStepSchema(Schema):
    key = fields.String(metadata={"description": "verify_email | work_email | connect | team | community"})
    done = fields.Boolean()
    link = fields.String()


class HomeSchema(Schema):
    connection_requests = fields.List(fields.Nested(ConnectionRequestSchema), metadata={"description": "incoming, pending"})
    invitations = fields.List(fields.Nested(HomeInvitationSchema))
    requests_to_answer = fields.List(fields.Nested(RecommendationRequestSchema),
                                     metadata={"description": "open questions from my network I have not answered"})
    answers_to_my_requests = fields.List(fields.Nested(RecommendationRequestSchema),
                                         metadata={"description": "my open requests that got answers"})
    unread_conversations = fields.List(fields.Nested(ConversationSchema))
    rfqs = fields.List(fields.Nested(RfqSchema), metadata={"description": "open RFQs to my companies, not quoted yet"})
    approvals = fields.List(fields.Nested(ApprovalWaitingSchema),
                            metadata={"description": "proposals in orgs I am an admin of, waiting for my approval"})
    checklist = fields.List(fields.Nested(ChecklistStepSchema), metadata={"description": "empty once every step is done"})
    unavailable = fields.List(fields.String(), metadata={"description": "parts not shown because a store is down"})
