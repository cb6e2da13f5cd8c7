"""Reactions: a participant toggles an emoji on a message; everyone in the conversation sees it live."""
from sqlalchemy import delete
from sqlalchemy.orm import Session

from core import uow
from core.errors import NotFound, ValidationError
from core.i18n import N_
from messaging import delivery
from messaging.conversations import participant_ids
from messaging.extras import reactions_of
from messaging.models import Message, Reaction

NO_MESSAGE = N_("No such message.")


def toggle(session: Session, user_id: str, message_id: str, emoji: str) -> dict:
    """Add the caller's reaction, or take it back when it is there; {message_id, reactions: {emoji: [ids]}}.
    A message of someone else's conversation is 404, as an unknown one (its id says nothing more)."""
    message = session.get(Message, message_id)
    if message is None or user_id not in participant_ids(session, message.conversation_id):
        raise NotFound(NO_MESSAGE)
    if message.deleted:
        raise ValidationError(N_("A deleted message takes no reactions."), {"message_id": [N_("This message was deleted.")]})
    removed = session.execute(delete(Reaction).where(Reaction.message_id == message_id, Reaction.user_id == user_id,
                                                     Reaction.emoji == emoji)).rowcount
    if not removed:
        session.add(Reaction(message_id=message_id, user_id=user_id, emoji=emoji))
        session.flush()
    view = {"message_id": message_id, "reactions": reactions_of(session, [message_id]).get(message_id, {})}
    conversation_id = message.conversation_id
    uow.on_commit(session, lambda: delivery.publish_reaction(view, conversation_id))
    return view
