"""Notifications for other packages' events, written in the sender's unit of work (`session=` when it has one,
else the request's): a connection asked for or accepted, an org invitation, a recommendation asked for or
answered, an introduction asked for or made (which opens its three-person conversation), sourcing's team news."""
from core import uow
from core.extensions import graph
from accounts import signals as account_signals
from accounts.people import names_of
from messaging import conversations, delivery
from messaging.notifications import notify, notify_many
from network import signals as network_signals
from sourcing import signals as sourcing_signals
from trust import signals as trust_signals

# Which id in sourcing's data a notice is about, most specific first.
SOURCING_SUBJECTS = (("deal_id", "deal"), ("rfq_id", "rfq"), ("project_id", "sourcing_project"))


def _name(session, user_id: str | None) -> str:
    return (names_of(session, [user_id]).get(user_id) if user_id else None) or "Someone"


def on_recommendation_requested(_sender, request_id=None, asker_id=None, category="", recipient_ids=(),
                                vendors_may_contact=False, session=None, **_extra):
    """Tell each recipient that someone in their network asked for a recommendation."""
    recipients = [rid for rid in recipient_ids or () if rid and rid != asker_id]
    if not recipients:
        return
    session = session if session is not None else uow.current_session()
    notify_many(session, recipients, "recommendation_request",
                f"{_name(session, asker_id)} asked your network for a recommendation in {category}",
                link=f"/vendors/requests/{request_id}", actor_id=asker_id, subject=("recommendation_request", request_id),
                data={"request_id": request_id, "asker_id": asker_id, "category": category,
                      "vendors_may_contact": bool(vendors_may_contact)})


def on_recommendation_answered(_sender, request_id, asker_id, answerer_id, company_name="", category="",
                               session=None, **_extra):
    """The asker hears that someone in their network recommended a vendor."""
    session = session if session is not None else uow.current_session()
    notify(session, asker_id, "recommendation_answer",
           f"{_name(session, answerer_id)} recommended {company_name} for {category}",
           link=f"/vendors/requests/{request_id}", actor_id=answerer_id, subject=("recommendation_request", request_id),
           data={"request_id": request_id})


def on_member_invited(_sender, session, org_id, org_name, user_id, inviter_name, inviter_id=None, **_extra):
    """The invitee hears of the invitation at once; they answer it on the organizations page."""
    notify(session, user_id, "invitation", f"{inviter_name} invited you to join {org_name}", link="/orgs",
           actor_id=inviter_id, subject=("org", org_id), data={"org_id": org_id})


def on_connection_requested(_sender, request_id, from_id, to_id, session=None, **_extra):
    """The person asked hears who wants to connect; they answer on their network page."""
    session = session if session is not None else uow.current_session()
    notify(session, to_id, "connection_request", f"{_name(session, from_id)} asked to connect with you",
           link="/network", actor_id=from_id, subject=("connection_request", request_id), data={"request_id": request_id})


def on_connection_accepted(_sender, a, b, accepted_by=None, session=None, **_extra):
    """The person who asked hears that the other said yes (bulk loads name no one and notify no one)."""
    if accepted_by not in (a, b):
        return
    session = session if session is not None else uow.current_session()
    asker = b if accepted_by == a else a
    notify(session, asker, "connection_accepted", f"{_name(session, accepted_by)} accepted your connection request",
           link=f"/people/{accepted_by}", actor_id=accepted_by, subject=("person", accepted_by))


def on_team_notice(_sender, session, kind, user_ids, text, link="", data=None, actor_id=None, **_extra):
    """Sourcing's news (an RFQ in, a quote in, an approval needed, a decision made) for those it concerns; the
    actor does not hear of their own step."""
    recipients = [uid for uid in user_ids if uid and uid != actor_id]
    data = data or {}
    subject = next(((kind_, data[key]) for key, kind_ in SOURCING_SUBJECTS if data.get(key)), None)
    if recipients:
        notify_many(session, recipients, kind, text, link=link, data=data, actor_id=actor_id, subject=subject)


def on_introduction_requested(_sender, introduction_id, asker_id, via_id, to_id, session=None, **_extra):
    """The mutual connection hears who wants to meet whom; they answer on their introductions page."""
    session = session if session is not None else uow.current_session()
    names = names_of(session, [asker_id, to_id])
    notify(session, via_id, "introduction", f"{names.get(asker_id, 'Someone')} asks you to introduce them to "
           f"{names.get(to_id, 'someone you know')}", link="/network/introductions", actor_id=asker_id,
           subject=("introduction", introduction_id))


def on_introduction_accepted(_sender, introduction_id, asker_id, via_id, to_id, session=None, **_extra) -> str:
    """The three of them get a conversation, started by the one who introduces; its id is the answer."""
    session = session if session is not None else uow.current_session()
    names = names_of(session, [asker_id, to_id, via_id])
    title = f"Introduction: {names.get(asker_id, '')} ↔ {names.get(to_id, '')}"[:200]
    conversation, _ = conversations.create_conversation(session, graph, via_id,
                                                        {"participant_ids": [asker_id, to_id], "title": title})
    view = conversations.conversation_view(session, via_id, conversation.id)
    uow.on_commit(session, lambda: delivery.publish_conversation(view))
    notify_many(session, [asker_id, to_id], "introduction", f"{names.get(via_id, 'Someone')} introduced "
                f"{names.get(asker_id, '')} and {names.get(to_id, '')}", link=f"/chat?c={conversation.id}",
                actor_id=via_id, subject=("introduction", introduction_id), data={"conversation_id": conversation.id})
    return conversation.id


def connect_receivers() -> None:
    """Connect the receivers (called by messaging.init_app)."""
    trust_signals.recommendation_requested.connect(on_recommendation_requested)
    trust_signals.recommendation_answered.connect(on_recommendation_answered)
    account_signals.member_invited.connect(on_member_invited)
    network_signals.connection_requested.connect(on_connection_requested)
    network_signals.connection_accepted.connect(on_connection_accepted)
    network_signals.introduction_requested.connect(on_introduction_requested)
    network_signals.introduction_accepted.connect(on_introduction_accepted)
    sourcing_signals.team_notice.connect(on_team_notice)
